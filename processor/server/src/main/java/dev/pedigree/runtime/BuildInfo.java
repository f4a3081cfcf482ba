package dev.pedigree.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Facts fixed by the build (versions, the registry distribution's folder name), kept once in the POM. */
public final class BuildInfo {

    private static final Properties PROPERTIES = load();

    private BuildInfo() {
    }

    public static String pedigreeVersion() {
        return PROPERTIES.getProperty("pedigree.version");
    }

    public static String kafkaVersion() {
        return PROPERTIES.getProperty("kafka.version");
    }

    public static String apicurioVersion() {
        return PROPERTIES.getProperty("apicurio.version");
    }

    /** The folder the build unpacks the Apicurio Registry distribution into, next to the processor jar. */
    public static String apicurioFolder() {
        return PROPERTIES.getProperty("apicurio.dir");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/pedigree-build.properties")) {
            if (in == null) {
                throw new IllegalStateException("pedigree-build.properties is missing from the class path");
            }
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
