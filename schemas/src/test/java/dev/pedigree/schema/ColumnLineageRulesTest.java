package dev.pedigree.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pedigree.events.ColumnLineage;
import dev.pedigree.events.DatasetField;
import dev.pedigree.events.DatasetId;
import dev.pedigree.events.FieldInput;
import dev.pedigree.events.RunEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnLineageRulesTest {

    private static final DatasetId USERS = new DatasetId("file:///data", "users.csv");
    private static final DatasetId IMPUTED = new DatasetId("warehouse", "users_imputed");

    private static FieldInput from(DatasetId dataset, String field, String transformation) {
        return new FieldInput(dataset, field, transformation, false, false, null);
    }

    private static RunEvent run(List<ColumnLineage> lineage) {
        return RunEvent.newBuilder(SampleEvents.runEvent()).setColumnLineage(lineage).build();
    }

    @Test
    void acceptsColumnsOfTheRunsDatasetsWithKnownTransformations() {
        assertThatCode(() -> EventValidator.validate(run(List.of(
                new ColumnLineage(new DatasetField(IMPUTED, "age"), List.of(from(USERS, "age", "IDENTITY"))),
                new ColumnLineage(new DatasetField(IMPUTED, "age_bucket"), List.of(
                        from(IMPUTED, "age", "TRANSFORMATION"), from(USERS, "country", null)))))))
                .doesNotThrowAnyException();
    }

    @Test
    void namesAColumnOfADatasetTheRunDoesNotList() {
        DatasetId elsewhere = new DatasetId("s3://other", "t");
        assertThatThrownBy(() -> EventValidator.validate(run(List.of(new ColumnLineage(
                new DatasetField(USERS, "age"), List.of(from(USERS, "age", null)))))))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("columnLineage[0].output.dataset names file:///data/users.csv");
        assertThatThrownBy(() -> EventValidator.validate(run(List.of(new ColumnLineage(
                new DatasetField(IMPUTED, "age"), List.of(from(elsewhere, "age", null)))))))
                .hasMessageStartingWith("columnLineage[0].inputs[0].dataset names s3://other/t");
    }

    @Test
    void refusesAnUnknownTransformationACycleAndTooManyColumns() {
        assertThatThrownBy(() -> EventValidator.validate(run(List.of(new ColumnLineage(
                new DatasetField(IMPUTED, "age"), List.of(from(USERS, "age", "MAGIC")))))))
                .hasMessageStartingWith("columnLineage[0].inputs[0].transformation must be one of");
        assertThatThrownBy(() -> EventValidator.validate(run(List.of(
                new ColumnLineage(new DatasetField(IMPUTED, "a"), List.of(from(IMPUTED, "b", null))),
                new ColumnLineage(new DatasetField(IMPUTED, "b"), List.of(from(IMPUTED, "a", null)))))))
                .hasMessageContaining("has a cycle").hasMessageContaining("derives from itself");
        List<FieldInput> many = new ArrayList<>();
        for (int i = 0; i < EventLimits.DEFAULT_MAX_COLUMN_REFERENCES; i++) {
            many.add(from(USERS, "c" + i, null));
        }
        assertThatThrownBy(() -> EventValidator.validate(run(List.of(new ColumnLineage(
                new DatasetField(IMPUTED, "wide"), many)))))
                .hasMessage("columnLineage names more than 10000 columns (the budget per run, "
                        + "pedigree.lineage.max.columns)");
    }

    @Test
    void theColumnBudgetIsTheOperatorsToRaiseOrLower() {
        List<FieldInput> hundredThousand = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            hundredThousand.add(from(USERS, "c" + i, null));
        }
        RunEvent wide = run(List.of(new ColumnLineage(new DatasetField(IMPUTED, "wide"), hundredThousand)));
        assertThatThrownBy(() -> EventValidator.validate(wide)).hasMessageStartingWith("columnLineage names more "
                + "than 10000 columns");
        assertThat(EventValidator.validate(wide, new EventLimits(100_001))).isSameAs(wide);
        RunEvent narrow = run(List.of(new ColumnLineage(new DatasetField(IMPUTED, "age"), List.of(
                from(USERS, "age", null), from(USERS, "birth_year", null)))));
        assertThatThrownBy(() -> EventValidator.validate(narrow, new EventLimits(2)))
                .hasMessageStartingWith("columnLineage names more than 2 columns");
        assertThatThrownBy(() -> new EventLimits(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
