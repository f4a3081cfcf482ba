package dev.pedigree.demo;

/**
 * Namespaces, model names and prediction ids of one run of the scenarios. The demo uses the plain names; tests
 * that share a broker give each run a tag so their graphs never meet.
 */
public record DemoNames(String tag) {

    public static DemoNames plain() {
        return new DemoNames("");
    }

    /** A dataset or job namespace. */
    public String namespace(String base) {
        return tagged(base);
    }

    public String model(String base) {
        return tagged(base);
    }

    public String predictionId(String base) {
        return tagged(base);
    }

    private String tagged(String base) {
        return tag.isEmpty() ? base : tag + "-" + base;
    }
}
