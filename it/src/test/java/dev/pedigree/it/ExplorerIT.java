package dev.pedigree.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pedigree.demo.ChurnScenario;
import dev.pedigree.demo.RankingScenario;
import dev.pedigree.embedded.EmbeddedRuntime;
import dev.pedigree.graph.NodeIds;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The lineage explorer in a real headless browser (Debian's chromium through chromedriver) against the real
 * runtime with the demo's data: search a prediction, see its graph, open a node, compare two model versions,
 * open the printable report. Screenshots are kept in {@code it/target/} as evidence.
 */
@ExtendWith(RealRuntimeExtension.class)
class ExplorerIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void aPersonFindsTheAnswersByClicking(EmbeddedRuntime runtime) throws Exception {
        assertThat(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER))
                .as("the browser test needs Debian's chromium and chromium-driver (.ci/run installs them: "
                        + "apt-get install chromium chromium-driver)").isTrue();
        try (ScenarioHarness harness = ScenarioHarness.start(runtime, "explorer")) {
            ChurnScenario.Outcome churn = ChurnScenario.run(harness.context());
            RankingScenario.Outcome ranking = RankingScenario.run(harness.context());
            harness.awaitCaughtUp();
            String prediction = ranking.affectedPrediction();
            JsonNode provenance = harness.get("/v1/predictions/" + ScenarioHarness.encode(prediction) + "/provenance");

            WebDriver browser = browser();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
                browser.get(harness.baseUrl() + "/");
                browser.findElement(By.id("query")).sendKeys(prediction);
                browser.findElement(By.cssSelector("#search button")).click();

                // The list is redrawn as the page fills in: wait for all of it, then read it in one script call
                // (element handles held across a redraw go stale).
                int expected = provenance.path("nodes").size() + 1;
                wait.until(d -> d.findElements(By.cssSelector("#node-list li")).size() == expected);
                @SuppressWarnings("unchecked")
                List<Map<String, String>> listed = (List<Map<String, String>>) ((JavascriptExecutor) browser)
                        .executeScript("return Array.from(document.querySelectorAll('#node-list li')).map(li => "
                                + "({kind: li.dataset.kind, id: li.dataset.id, cls: li.className}));");
                long drawn = (Long) ((JavascriptExecutor) browser).executeScript(
                        "return window.pedigree.cy.nodes().length;");
                assertThat(listed).as("the prediction and every node of its provenance").hasSize(expected);
                assertThat(drawn).as("nodes drawn on the canvas").isEqualTo(listed.size());
                assertThat(listed.stream().map(li -> li.get("kind")).distinct())
                        .contains("PREDICTION", "MODEL_VERSION", "RUN", "DATASET_VERSION");
                assertThat(browser.findElement(By.id("details")).getText()).contains(prediction);

                String badHash = ranking.badUserFeatures().getContentHash();
                Map<String, String> badVersion = listed.stream()
                        .filter(li -> li.get("id").endsWith(ScenarioHarness.encode(badHash)))
                        .findFirst().orElseThrow();
                assertThat(badVersion.get("cls")).as("alerts are marked on the version").contains("alerted");
                wait.ignoring(StaleElementReferenceException.class).until(d -> {
                    d.findElement(By.cssSelector("#node-list li[data-id='" + badVersion.get("id") + "']")).click();
                    return true;
                });
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("details"), badHash));
                assertThat(browser.findElement(By.id("details")).getText()).contains("SCHEMA_CHANGED")
                        .contains(RankingScenario.USER_FEATURES);
                // The version's columns, and the diff with the version before: ctr_7d drifted.
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("column-table")));
                assertThat(browser.findElement(By.id("column-table")).getText()).contains("ctr_7d");
                clickAction(browser, wait, "Diff with");
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#diff-table tr.drifted")));
                assertThat(browser.findElement(By.cssSelector("#diff-table tr.drifted")).getText()).contains("ctr_7d")
                        .contains("PSI");
                assertThat(browser.findElement(By.id("details")).getText()).contains("drifted: ctr_7d");
                wait.until(d -> !d.findElements(By.cssSelector("#alert-list li")).isEmpty());
                screenshot(browser, "explorer-prediction.png");

                // The version's dataset expanded to its columns; then the lineage of one column alone.
                clickAction(browser, wait, "Show columns");
                String ctr = NodeIds.datasetField(ranking.badUserFeatures().getDataset().getNamespace(),
                        RankingScenario.USER_FEATURES, RankingScenario.CTR_COLUMN);
                wait.until(d -> !d.findElements(By.cssSelector("#node-list li[data-id='" + ctr + "']")).isEmpty());
                assertThat(browser.findElements(By.cssSelector("#node-list li[data-kind='DATASET_FIELD']")))
                        .as("user_id and the four user features").hasSize(5);
                wait.ignoring(StaleElementReferenceException.class).until(d -> {
                    d.findElement(By.cssSelector("#node-list li[data-id='" + ctr + "']")).click();
                    return true;
                });
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("details"),
                        "user_features." + RankingScenario.CTR_COLUMN));
                clickAction(browser, wait, "Column lineage");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "Column lineage of"));
                @SuppressWarnings("unchecked")
                List<String> columns = (List<String>) ((JavascriptExecutor) browser).executeScript(
                        "return Array.from(document.querySelectorAll('#node-list li[data-kind=DATASET_FIELD]'))"
                                + ".map(li => li.textContent);");
                assertThat(columns).as("ctr_7d, the clickstream columns it is computed from, and the training-set "
                        + "columns computed from it").anyMatch(c -> c.endsWith("clickstream.clicked"))
                        .anyMatch(c -> c.endsWith("ctr_home_training.ctr_7d"))
                        .anyMatch(c -> c.endsWith("ctr_search_training.ctr_7d"))
                        .noneMatch(c -> c.contains("ctr_notify_training"));
                long derived = (Long) ((JavascriptExecutor) browser).executeScript(
                        "return window.pedigree.cy.edges('[kind = \"DERIVED\"]').length;");
                assertThat(derived).as("derived-column edges drawn").isGreaterThanOrEqualTo(4);
                clickAction(browser, wait, "Impact");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("details"), "derived columns"));
                assertThat(browser.findElement(By.id("details")).getText())
                        .contains("affects " + harness.names().model(RankingScenario.HOME) + " 2")
                        .doesNotContain(harness.names().model(RankingScenario.NOTIFY));
                screenshot(browser, "explorer-columns.png");

                String model = churn.model();
                browser.findElement(By.id("left")).sendKeys(model + ":" + ChurnScenario.BASELINE);
                browser.findElement(By.id("right")).sendKeys(model + ":" + ChurnScenario.AFTER_DATA_UPDATE);
                browser.findElement(By.cssSelector("#compare-form button")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("verdict")));
                assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("DATA_CHANGED");
                assertThat(browser.findElement(By.id("compare-result")).getText())
                        .contains(ChurnScenario.SOURCE_NAME).contains("CHANGED").contains("accuracy");
                screenshot(browser, "explorer-compare.png");

                browser.get(harness.baseUrl() + "/v1/predictions/" + ScenarioHarness.encode(prediction) + "/report");
                assertThat(browser.findElement(By.tagName("h1")).getText()).contains(prediction);
                assertThat(browser.findElement(By.tagName("body")).getText())
                        .contains("The data behind the decision").contains(badHash)
                        .contains("The structure (columns or their types) of")
                        .as("the profiles of the data behind the decision").contains("ctr_7d");
                screenshot(browser, "explorer-report.png");
            } finally {
                browser.quit();
            }
        }
    }

    /** Clicks the button of the selected node's details whose text starts with {@code text}. */
    private static void clickAction(WebDriver browser, WebDriverWait wait, String text) {
        wait.ignoring(StaleElementReferenceException.class).until(d -> {
            d.findElements(By.cssSelector("#details .actions button")).stream()
                    .filter(b -> b.getText().startsWith(text)).findFirst().orElseThrow().click();
            return true;
        });
    }

    private static WebDriver browser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,900", "--user-data-dir=" + Files.createTempDirectory("pedigree-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = ItPaths.home().getParent().resolve(name);
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshot: " + target);
    }
}
