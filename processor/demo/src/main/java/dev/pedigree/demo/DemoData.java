package dev.pedigree.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The demo's source data, generated from fixed seeds: the same seed always gives the same bytes and hashes. */
final class DemoData {

    static final List<String> CUSTOMER_FEATURES = List.of("age", "tenure_months", "monthly_spend", "support_calls");
    static final String CHURNED = "churned";

    private DemoData() {
    }

    /**
     * A CRM export: {@code customer_id, age, tenure_months, monthly_spend, support_calls, churned}, about 5% of
     * ages and 3% of spends missing. Churn is likelier for new customers who call support a lot.
     */
    static Table customers(int rows, long seed) {
        Random random = new Random(seed);
        List<double[]> data = new ArrayList<>(rows);
        for (int id = 1; id <= rows; id++) {
            double age = 18 + random.nextInt(60);
            double tenure = random.nextInt(72);
            double spend = Math.round((10 + random.nextDouble() * 100) * 100) / 100.0;
            double calls = Math.min(8, (int) Math.floor(-Math.log(1 - random.nextDouble()) * 1.5));
            double logit = 1.2 - 0.075 * tenure + 0.55 * calls + 0.012 * (spend - 60) - 0.015 * (age - 45);
            double churned = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            data.add(new double[] {
                id,
                random.nextDouble() < 0.05 ? Double.NaN : age,
                tenure,
                random.nextDouble() < 0.03 ? Double.NaN : spend,
                calls,
                churned});
        }
        List<String> columns = new ArrayList<>(List.of("customer_id"));
        columns.addAll(CUSTOMER_FEATURES);
        columns.add(CHURNED);
        return new Table(columns, data);
    }

    /** The upstream bug of scenario 1: the export now writes tenure in years, in a column still named months. */
    static Table withTenureInYears(Table customers) {
        Table changed = customers.copy();
        int tenure = changed.column("tenure_months");
        changed.rows().forEach(row -> row[tenure] = Math.round(row[tenure] / 12.0 * 100) / 100.0);
        return changed;
    }

    /** A product catalog: {@code product_id, price, category}. */
    static Table products(int count, long seed) {
        Random random = new Random(seed);
        List<double[]> data = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            data.add(new double[] {id, Math.round((5 + random.nextDouble() * 195) * 100) / 100.0, random.nextInt(8)});
        }
        return new Table(List.of("product_id", "price", "category"), data);
    }

    /**
     * A week of impressions: {@code user_id, product_id, clicked, dwell_seconds}. Each user has a propensity to
     * click and each product an appeal; cheaper products in a user's favourite category are clicked more.
     */
    static Table clickstream(int users, Table products, int impressions, long seed) {
        Random random = new Random(seed);
        double[] propensity = new double[users + 1];
        int[] favourite = new int[users + 1];
        for (int user = 1; user <= users; user++) {
            propensity[user] = 0.02 + random.nextDouble() * 0.4;
            favourite[user] = random.nextInt(8);
        }
        List<double[]> data = new ArrayList<>(impressions);
        for (int i = 0; i < impressions; i++) {
            int user = 1 + random.nextInt(users);
            double[] product = products.rows().get(random.nextInt(products.size()));
            double appeal = (product[2] == favourite[user] ? 1.8 : 0.6) * (1.3 - product[1] / 250);
            boolean clicked = random.nextDouble() < Math.min(0.95, propensity[user] * appeal);
            double dwell = clicked ? Math.round(5 + random.nextDouble() * 120) : 0;
            data.add(new double[] {user, product[0], clicked ? 1 : 0, dwell});
        }
        return new Table(List.of("user_id", "product_id", "clicked", "dwell_seconds"), data);
    }
}
