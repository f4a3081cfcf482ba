package dev.pedigree.report;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;

/** A {@link Datasheet} as a print-friendly HTML page: the jte template {@code report/datasheet.jte}. */
public final class DatasheetPage {

    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);

    private DatasheetPage() {
    }

    public static String html(Datasheet datasheet) {
        StringOutput page = new StringOutput(8_192);
        TEMPLATES.render("report/datasheet.jte", datasheet, page);
        return page.toString();
    }
}
