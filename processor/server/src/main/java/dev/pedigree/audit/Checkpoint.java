package dev.pedigree.audit;

import java.util.Base64;
import java.util.regex.Pattern;

/**
 * A tree head in the C2SP {@code tlog-checkpoint} format (c2sp.org/tlog-checkpoint): the log's origin, its size in
 * decimal and the base64 root hash, one per line; signed as a {@link SignedNote}.
 *
 * @param origin the log's unique name, e.g. {@code pedigree/pedigree.predictions/3}
 * @param size the number of leaves
 * @param root the RFC 9162 root of those leaves
 */
public record Checkpoint(String origin, long size, byte[] root) {

    /** A tree size line: a decimal number without leading zeros. */
    private static final Pattern SIZE = Pattern.compile("0|[1-9][0-9]{0,18}");

    public Checkpoint {
        if (origin.isEmpty() || origin.contains("\n")) {
            throw new IllegalArgumentException("a checkpoint's origin is one non-empty line");
        }
        if (size < 0 || root.length != 32) {
            throw new IllegalArgumentException("a checkpoint has a size ≥ 0 and a 32-byte root");
        }
    }

    /** The note text. */
    public String body() {
        return origin + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** Signs the checkpoint: the signed note's full text. */
    public String sign(NoteKey key) {
        return SignedNote.sign(body(), key);
    }

    /**
     * The checkpoint of a note's text (extension lines after the root are allowed and ignored).
     *
     * @throws SignedNote.NoteException when it is not a checkpoint
     */
    public static Checkpoint parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 4) {
            throw new SignedNote.NoteException("a checkpoint has an origin, a size and a root hash line");
        }
        if (!SIZE.matcher(lines[1]).matches()) {
            throw new SignedNote.NoteException("a checkpoint's size is a decimal number, got '" + lines[1] + "'");
        }
        byte[] root;
        try {
            root = Base64.getDecoder().decode(lines[2]);
        } catch (IllegalArgumentException e) {
            throw new SignedNote.NoteException("a checkpoint's root hash is base64, got '" + lines[2] + "'");
        }
        if (root.length != 32) {
            throw new SignedNote.NoteException("a checkpoint's root hash is 32 bytes, got " + root.length);
        }
        return new Checkpoint(lines[0], Long.parseLong(lines[1]), root);
    }

    /**
     * The checkpoint a signed note holds, its signatures not checked (a stored note, already checked or to be
     * checked later).
     *
     * @throws SignedNote.NoteException when it is not a signed checkpoint
     */
    public static Checkpoint unverified(String note) {
        int split = note == null ? -1 : note.lastIndexOf("\n\n");
        if (split < 0) {
            throw new SignedNote.NoteException("a signed note has a blank line before its signatures");
        }
        return parse(note.substring(0, split + 1));
    }

    /** Opens a signed checkpoint with {@code verifiers}. */
    public static Checkpoint open(String note, java.util.Collection<NoteVerifier> verifiers) {
        return parse(SignedNote.open(note, verifiers));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint c && c.origin.equals(origin) && c.size == size
                && java.util.Arrays.equals(c.root, root);
    }

    @Override
    public int hashCode() {
        return origin.hashCode() * 31 + Long.hashCode(size);
    }
}
