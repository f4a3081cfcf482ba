package dev.pedigree.demo;

import dev.pedigree.events.DatasetHash;
import dev.pedigree.events.ModelVersion;
import dev.pedigree.schema.ContentHash;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Scenario 3, "a bug in user features degrades CTR across models": separate pipelines build user features (from
 * the clickstream) and product embeddings (from the catalog); four ranking models are trained on them (Tribuo) and
 * serve: {@code ctr-home} and {@code ctr-search} on {@code ctr_7d} and {@code avg_dwell_s}, {@code ctr-notify} on
 * the engagement counts {@code impressions_7d} and {@code clicks_7d}, {@code ctr-email} on embeddings only. Every
 * step states its column lineage. Then a release of the user-features job computes {@code ctr_7d} with integer
 * division (0 for nearly everyone): the serving models read the bad version, and {@code ctr-home} is retrained on
 * it as version 2. The impact of the column {@code ctr_7d} leaves out {@code ctr-notify}, which reads
 * {@code user_features} but not that column.
 */
public final class RankingScenario {

    public static final String USER_FEATURES = "user_features";
    public static final String HOME = "ctr-home";
    public static final String SEARCH = "ctr-search";
    public static final String EMAIL = "ctr-email";
    public static final String NOTIFY = "ctr-notify";
    /** The column the release breaks. */
    public static final String CTR_COLUMN = "ctr_7d";

    static final String GOOD_FEATURE_COMMIT = "9c1d2e0";
    static final String BAD_FEATURE_COMMIT = "4b7f1aa";
    private static final String REPOSITORY = "https://git.example.com/ranking/feature-store.git";
    private static final List<String> USER_COLUMNS = List.of("impressions_7d", "clicks_7d", "ctr_7d", "avg_dwell_s");
    /** The user features each surface's ranker uses. */
    private static final Map<String, List<String>> USER_COLUMNS_BY_SURFACE = Map.of(
            HOME, List.of(CTR_COLUMN, "avg_dwell_s"), SEARCH, List.of(CTR_COLUMN, "avg_dwell_s"),
            NOTIFY, List.of("impressions_7d", "clicks_7d"), EMAIL, List.of());
    private static final List<String> PRODUCT_COLUMNS = List.of("e0", "e1", "e2", "e3");
    private static final Classifier.Settings SETTINGS = new Classifier.Settings("logistic", 0.2, 8, 3);
    private static final int USERS = 400;

    /** What a user looks up: the bad feature version and one prediction served while it was live. */
    public record Outcome(DatasetHash goodUserFeatures, DatasetHash badUserFeatures, String badFeatureCommit,
            List<String> models, String affectedPrediction, Map<String, Long> servedReadingBadFeatures) {
    }

    private record Served(String surface, String model, String version, Classifier classifier) {

        List<String> userColumns() {
            return USER_COLUMNS_BY_SURFACE.get(surface);
        }

        boolean usesUserFeatures() {
            return !userColumns().isEmpty();
        }
    }

    private RankingScenario() {
    }

    public static Outcome run(DemoContext context) {
        DemoNames names = context.names();
        Path directory = context.directory().resolve("ranking");
        LineageRecorder recorder = context.recorder();
        String features = names.namespace("features");
        String ranking = names.namespace("ranking");

        Table catalog = DemoData.products(120, 31);
        Data products = recorder.observe(LineageRecorder.dataset(names.namespace("catalog"), "products"), catalog,
                directory.resolve("products.csv"), "2026-11-23", null);
        Data clicks = recorder.observe(LineageRecorder.dataset(names.namespace("tracking"), "clickstream"),
                DemoData.clickstream(USERS, catalog, 8_000, 32), directory.resolve("clickstream.csv"),
                "2026-11-17..2026-11-23", null);
        ColumnFlow embedding = ColumnFlow.describe().derive("product_id", "IDENTITY", products, "product_id");
        PRODUCT_COLUMNS.forEach(column -> embedding.derive(column, "TRANSFORMATION", products, "price", "category"));
        Data embeddings = recorder.transform(LineageRecorder.job(features, "build_product_embeddings"),
                LineageRecorder.code(REPOSITORY, "2f4a6c8", "jobs/product_embeddings"), Map.of("dimensions", "4"),
                List.of(products), embedding, LineageRecorder.dataset(features, "product_embeddings"),
                directory.resolve("product_embeddings"), tables -> embed(tables.get(0)));
        Data goodUsers = userFeatures(recorder, features, directory, clicks, GOOD_FEATURE_COMMIT);

        Map<String, Served> live = new LinkedHashMap<>();
        for (String surface : List.of(HOME, SEARCH, NOTIFY, EMAIL)) {
            boolean usesUsers = !USER_COLUMNS_BY_SURFACE.get(surface).isEmpty();
            String model = names.model(surface);
            Classifier classifier = trainRanker(recorder, ranking, directory, surface, model, "1", clicks,
                    usesUsers ? goodUsers : null, embeddings);
            live.put(surface, new Served(surface, model, "1", classifier));
        }
        Random random = new Random(33);
        String prefix = names.predictionId("rank");
        Map<String, Integer> counters = new HashMap<>();
        Map<String, Long> readingBad = new LinkedHashMap<>();
        serve(recorder, live.values(), Map.of(HOME, 300, SEARCH, 300, NOTIFY, 200, EMAIL, 200), goodUsers,
                embeddings, random, prefix, counters, new HashMap<>());
        context.progress().accept("user_features " + GOOD_FEATURE_COMMIT + ", product_embeddings; "
                + String.join(", ", live.values().stream().map(s -> s.model() + " " + s.version()).toList())
                + " trained and serving (1,000 predictions)");

        Data badUsers = userFeatures(recorder, features, directory, clicks, BAD_FEATURE_COMMIT);
        List<String> during = serve(recorder, live.values(), Map.of(HOME, 200, SEARCH, 200, NOTIFY, 100, EMAIL, 100),
                badUsers, embeddings, random, prefix, counters, readingBad);
        Classifier retrained = trainRanker(recorder, ranking, directory, HOME, names.model(HOME), "2", clicks,
                badUsers, embeddings);
        live.put(HOME, new Served(HOME, names.model(HOME), "2", retrained));
        serve(recorder, List.of(live.get(HOME)), Map.of(HOME, 150), badUsers, embeddings, random, prefix, counters,
                readingBad);
        context.progress().accept("user_features " + BAD_FEATURE_COMMIT + " released (ctr_7d by integer division); "
                + "served 600 more predictions, then " + names.model(HOME) + " 2 retrained on it served 150");
        return new Outcome(goodUsers.version(), badUsers.version(), BAD_FEATURE_COMMIT,
                List.of(names.model(HOME), names.model(SEARCH), names.model(NOTIFY), names.model(EMAIL)), during.get(0),
                readingBad);
    }

    /** The user-features job: a week of impressions aggregated per user. */
    private static Data userFeatures(LineageRecorder recorder, String namespace, Path directory, Data clicks,
            String commit) {
        ColumnFlow columns = ColumnFlow.describe()
                .derive("user_id", "IDENTITY", clicks, "user_id")
                .derive("impressions_7d", "AGGREGATION", clicks, "product_id")
                .derive("clicks_7d", "AGGREGATION", clicks, "clicked")
                .derive(CTR_COLUMN, "AGGREGATION", clicks, "clicked", "product_id")
                .derive("avg_dwell_s", "AGGREGATION", clicks, "dwell_seconds", "clicked");
        USER_COLUMNS.forEach(column -> columns.derive(column, "GROUP_BY", clicks, "user_id"));
        return recorder.transform(LineageRecorder.job(namespace, "build_user_features"),
                LineageRecorder.code(REPOSITORY, commit, "jobs/user_features"), Map.of("window", "7d"),
                List.of(clicks), columns, LineageRecorder.dataset(namespace, USER_FEATURES),
                directory.resolve(USER_FEATURES), tables -> aggregateUsers(tables.get(0),
                        commit.equals(BAD_FEATURE_COMMIT)));
    }

    static Table aggregateUsers(Table clicks, boolean integerDivisionBug) {
        long[] impressions = new long[USERS + 1];
        long[] clicked = new long[USERS + 1];
        double[] dwell = new double[USERS + 1];
        for (double[] row : clicks.rows()) {
            int user = (int) row[0];
            impressions[user]++;
            clicked[user] += (long) row[2];
            dwell[user] += row[3];
        }
        List<double[]> rows = new ArrayList<>();
        for (int user = 1; user <= USERS; user++) {
            if (impressions[user] == 0) {
                continue;
            }
            double ctr = integerDivisionBug ? clicked[user] / impressions[user]
                    : (double) clicked[user] / impressions[user];
            rows.add(new double[] {user, impressions[user], clicked[user], Math.round(ctr * 10_000) / 10_000.0,
                    clicked[user] == 0 ? 0 : Math.round(dwell[user] / clicked[user] * 10) / 10.0});
        }
        List<String> columns = new ArrayList<>(List.of("user_id"));
        columns.addAll(USER_COLUMNS);
        return new Table(columns, rows);
    }

    private static Table embed(Table products) {
        List<double[]> rows = products.rows().stream().map(p -> new double[] {
            p[0],
            Math.round(p[1] / 200 * 10_000) / 10_000.0,
            Math.round(Math.cos(p[2] * Math.PI / 4) * 10_000) / 10_000.0,
            Math.round(Math.sin(p[2] * Math.PI / 4) * 10_000) / 10_000.0,
            p[2] % 2}).toList();
        List<String> columns = new ArrayList<>(List.of("product_id"));
        columns.addAll(PRODUCT_COLUMNS);
        return new Table(columns, rows);
    }

    /** Builds the surface's training set from the current feature versions and trains a version on it. */
    private static Classifier trainRanker(LineageRecorder recorder, String namespace, Path directory, String surface,
            String model, String version, Data clicks, Data users, Data embeddings) {
        List<Data> inputs = users == null ? List.of(clicks, embeddings) : List.of(clicks, users, embeddings);
        String setName = surface.replace('-', '_') + "_training";
        List<String> userColumns = USER_COLUMNS_BY_SURFACE.get(surface);
        List<String> columns = features(userColumns);
        Data trainingSet = recorder.transform(LineageRecorder.job(namespace, "build_training_set"),
                LineageRecorder.code(REPOSITORY, "71d3b9e", "jobs/training_set"), Map.of("surface", surface),
                inputs, trainingSetColumns(clicks, users, embeddings, userColumns),
                LineageRecorder.dataset(namespace, setName), directory.resolve(setName),
                tables -> join(clicks.table(), users == null ? null : users.table(), embeddings.table(),
                        userColumns));
        Table all = trainingSet.table();
        Table train = new Table(all.columns(), IntStream.range(0, all.size()).filter(i -> i % 5 != 0)
                .mapToObj(all.rows()::get).toList());
        Table validation = new Table(all.columns(), IntStream.range(0, all.size()).filter(i -> i % 5 == 0)
                .mapToObj(all.rows()::get).toList());
        Classifier[] trained = new Classifier[1];
        Map<String, String> parameters = new LinkedHashMap<>(SETTINGS.hyperparameters());
        parameters.put("validation", "every 5th row");
        List<String> read = new ArrayList<>(columns);
        read.add("clicked");
        String runId = recorder.run(LineageRecorder.job(namespace, "train_ctr"),
                LineageRecorder.code(REPOSITORY, "c8e2f15", "jobs/train_ctr"), parameters, List.of(trainingSet),
                ColumnFlow.describe().reads(trainingSet, read.toArray(String[]::new)), id -> {
                    trained[0] = Classifier.train(train, "clicked", columns, SETTINGS);
                    return List.of();
                });
        recorder.modelVersion(ModelVersion.newBuilder()
                .setName(model).setVersion(version).setTrainingRunId(runId)
                .setArtifactHash(trained[0].artifactHash())
                .setMetrics(Map.of("auc", trained[0].auc(validation), "validation_rows", (double) validation.size()))
                .setHyperparameters(SETTINGS.hyperparameters())
                .setStage("production"));
        return trained[0];
    }

    private static List<String> features(List<String> userColumns) {
        List<String> columns = new ArrayList<>(userColumns);
        columns.addAll(PRODUCT_COLUMNS);
        return columns;
    }

    /**
     * The training set's column lineage: each user and product feature copied from its table, the label from the
     * clickstream, every row decided by the joins on {@code user_id} and {@code product_id}.
     */
    private static ColumnFlow trainingSetColumns(Data clicks, Data users, Data embeddings, List<String> userColumns) {
        ColumnFlow columns = ColumnFlow.describe();
        userColumns.forEach(column -> columns.derive(column, "IDENTITY", users, column));
        PRODUCT_COLUMNS.forEach(column -> columns.derive(column, "IDENTITY", embeddings, column));
        columns.derive("clicked", "IDENTITY", clicks, "clicked");
        for (String column : features(userColumns)) {
            columns.derive(column, "JOIN", clicks, "user_id", "product_id");
            if (users != null) {
                columns.derive(column, "JOIN", users, "user_id");
            }
            columns.derive(column, "JOIN", embeddings, "product_id");
        }
        return columns;
    }

    /** Each impression with the user's and the product's features, and whether it was clicked. */
    private static Table join(Table clicks, Table users, Table embeddings, List<String> userColumns) {
        Map<Integer, double[]> byUser = index(users);
        Map<Integer, double[]> byProduct = index(embeddings);
        List<double[]> rows = new ArrayList<>();
        for (double[] impression : clicks.rows()) {
            double[] row = features(userColumns, byUser.get((int) impression[0]),
                    byProduct.get((int) impression[1]));
            double[] withLabel = java.util.Arrays.copyOf(row, row.length + 1);
            withLabel[row.length] = impression[2];
            rows.add(withLabel);
        }
        List<String> columns = new ArrayList<>(features(userColumns));
        columns.add("clicked");
        return new Table(columns, rows);
    }

    private static double[] features(List<String> userColumns, double[] user, double[] product) {
        double[] row = new double[userColumns.size() + PRODUCT_COLUMNS.size()];
        int at = 0;
        for (String column : userColumns) {
            row[at++] = user == null ? 0 : user[1 + USER_COLUMNS.indexOf(column)];
        }
        for (int i = 1; i <= PRODUCT_COLUMNS.size(); i++) {
            row[at++] = product[i];
        }
        return row;
    }

    private static Map<Integer, double[]> index(Table table) {
        Map<Integer, double[]> index = new HashMap<>();
        if (table != null) {
            table.rows().forEach(row -> index.put((int) row[0], row));
        }
        return index;
    }

    /** Serves ranking requests: each prediction names the feature versions it read. */
    private static List<String> serve(LineageRecorder recorder, java.util.Collection<Served> models,
            Map<String, Integer> requests, Data users, Data embeddings, Random random, String prefix,
            Map<String, Integer> counters, Map<String, Long> readingUsers) {
        Map<Integer, double[]> byUser = index(users.table());
        Map<Integer, double[]> byProduct = index(embeddings.table());
        List<String> ids = new ArrayList<>();
        for (Served served : models) {
            String surface = served.surface();
            Table shape = new Table(features(served.userColumns()), List.of());
            DatasetHash productFeatures = DatasetHash.newBuilder(embeddings.version()).setFields(PRODUCT_COLUMNS)
                    .build();
            List<DatasetHash> read = served.usesUserFeatures()
                    ? List.of(DatasetHash.newBuilder(users.version()).setFields(served.userColumns()).build(),
                            productFeatures)
                    : List.of(productFeatures);
            for (int i = 0; i < requests.get(surface); i++) {
                int user = 1 + random.nextInt(USERS);
                int product = 1 + random.nextInt(byProduct.size());
                double[] row = features(served.userColumns(), byUser.get(user), byProduct.get(product));
                double score = served.classifier().score(shape, row);
                int n = counters.merge(surface, 1, Integer::sum);
                String id = prefix + "-" + surface + "-" + n;
                recorder.prediction(id, served.model(), served.version(), read,
                        ContentHash.ofUtf8(surface + "|" + user + "|" + product),
                        Map.of("surface", surface, "user_id", Integer.toString(user),
                                "product_id", Integer.toString(product),
                                "score", String.format(Locale.ROOT, "%.4f", score)));
                ids.add(id);
                if (served.usesUserFeatures()) {
                    readingUsers.merge(served.model() + ":" + served.version(), 1L, Long::sum);
                }
            }
        }
        return ids;
    }
}
