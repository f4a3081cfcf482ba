package dev.pedigree.connectors.profiling;

import dev.pedigree.events.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * What a cell of text (CSV) holds: an integer, a decimal number, a boolean, a time (ISO-8601 date or date-time)
 * or a string. The checks look at the characters first, so text values do not throw and catch an exception each.
 */
public final class TextCell {

    private TextCell() {
    }

    /** The type of a non-empty cell. */
    public static ColumnType typeOf(String value) {
        if (isLong(value)) {
            return ColumnType.INTEGER;
        }
        if (looksDecimal(value)) {
            return ColumnType.DOUBLE;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return ColumnType.BOOLEAN;
        }
        if (!Double.isNaN(epochMillis(value))) {
            return ColumnType.TIMESTAMP;
        }
        return ColumnType.STRING;
    }

    /**
     * The cell's value as a number: itself for numbers, epoch millis for times, NaN otherwise (a cell that looked
     * decimal but does not parse is NaN and so not counted among the numbers).
     */
    static double number(ColumnType type, String value) {
        return switch (type) {
            case INTEGER -> Long.parseLong(value.startsWith("+") ? value.substring(1) : value);
            case DOUBLE -> {
                try {
                    yield Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    yield Double.NaN;
                }
            }
            case TIMESTAMP -> epochMillis(value);
            default -> Double.NaN;
        };
    }

    /** Digits with at most one '.' and an optional exponent, by its characters alone (parsed once, later). */
    private static boolean looksDecimal(String value) {
        boolean digit = false;
        boolean point = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c == '.' && !point) {
                point = true;
            } else if (c == 'e' || c == 'E') {
                return digit && isDouble(value);
            } else if ((c != '-' && c != '+') || i != 0) {
                return false;
            }
        }
        return digit;
    }

    /** Optional sign and 1 to 18 digits. */
    public static boolean isLong(String value) {
        int start = value.charAt(0) == '-' || value.charAt(0) == '+' ? 1 : 0;
        int digits = value.length() - start;
        if (digits < 1 || digits > 18) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digits with at most one '.', and an optional exponent; checked before parsing. */
    public static boolean isDouble(String value) {
        boolean digit = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                digit = true;
            } else if (c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                return false;
            }
        }
        if (!digit) {
            return false;
        }
        try {
            Double.parseDouble(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Epoch millis of {@code yyyy-MM-dd}, a local or offset ISO date-time; NaN for anything else. */
    private static double epochMillis(String value) {
        if (value.length() < 10 || value.charAt(4) != '-' || value.charAt(7) != '-') {
            return Double.NaN;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            }
            return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }
}
