package dev.pedigree.demo;

import java.util.Locale;
import java.util.Random;

/** Deterministic demo data: the same seed always gives the same bytes, so hashes are reproducible. */
final class DemoData {

    private DemoData() {
    }

    /** A users CSV ({@code id,age,tenure_months,monthly_spend,churned}) with about 5% missing ages. */
    static String usersCsv(int rows, long seed) {
        Random random = new Random(seed);
        StringBuilder csv = new StringBuilder("id,age,tenure_months,monthly_spend,churned\n");
        for (int id = 1; id <= rows; id++) {
            String age = random.nextDouble() < 0.05 ? "" : Integer.toString(18 + random.nextInt(60));
            int tenure = random.nextInt(72);
            double spend = 10 + random.nextDouble() * 90;
            boolean churned = random.nextDouble() < (tenure < 12 ? 0.4 : 0.1);
            csv.append(id).append(',').append(age).append(',').append(tenure).append(',')
                    .append(String.format(Locale.ROOT, "%.2f", spend)).append(',').append(churned ? 1 : 0)
                    .append('\n');
        }
        return csv.toString();
    }
}
