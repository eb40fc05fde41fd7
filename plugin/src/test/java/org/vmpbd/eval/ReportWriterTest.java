package org.vmpbd.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vmpbd.detect.ModelTrainer;

/** A whole evaluation of a small synthetic program, written out: every file exists and parses. */
class ReportWriterTest {
    @Test
    void writesReportsChartsAndJson(@TempDir Path tmp) throws IOException {
        Experiment e = DatasetLayout.program(SyntheticUnm.program(tmp.resolve("data/toy"), 30, 3, 7)).get(0);
        ExperimentData data = new ExperimentLoader().load(e);
        EvaluationOptions o = EvaluationOptions.defaults().withThreads(2).withCaps(0, 0, 2_000);
        ProgramEvaluator.Evaluation ev = new ProgramEvaluator(new ModelTrainer()).evaluate(data, o, ProgressSink.NONE);
        ProgramResult r = ev.result();

        assertEquals(15, r.split().train());
        assertEquals(15, r.split().test());
        assertEquals(List.of(3, 6, 10), r.similarity().stream().map(SimilarityRow::m).toList());
        assertEquals(3, r.storage().indexes().size());
        assertTrue(r.storage().indexes().stream().allMatch(StorageTiming.IndexTiming::identical));
        DetectorResult stide = r.detector(ProgramEvaluator.STIDE);
        assertEquals(3, stide.intrusionsDetected(), "synthetic attacks use calls normal never makes");
        assertEquals(3, r.detector(ProgramEvaluator.FRAME).intrusionsDetected());
        assertEquals(15 + 6, r.processes().size());

        Path out = tmp.resolve("out");
        Path dir = ReportWriter.writeProgram(ev, out);
        ReportWriter.writeSummary(new SummaryResult("vmpbd evaluate data/toy -o out", o, List.of(r), List.of(), 1.0), out);
        for (String f : List.of("report.md", "report.html", "roc.png", "behaviour.png", "results.json")) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        for (String png : List.of("roc.png", "behaviour.png")) {
            BufferedImage img = ImageIO.read(dir.resolve(png).toFile());
            assertNotNull(img, png + " decodes");
            assertTrue(img.getWidth() > 100 && img.getHeight() > 100, png);
        }
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertEquals("toy", json.path("data").path("name").asText());
        assertEquals(3, json.path("detectors").size());
        assertTrue(json.path("detectors").get(1).path("roc").path("auc").isNumber());
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("![toy ROC](roc.png)"), md);
        assertTrue(md.contains("table 1") && md.contains("table 4"), md);
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<img src=\"roc.png\""), html);
        assertTrue(html.contains("<img src=\"behaviour.png\""), html);
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("[toy](toy/report.md)"), summary);
        assertTrue(summary.contains("vmpbd evaluate data/toy -o out"), summary);
        assertTrue(Files.readString(out.resolve("summary.html")).contains("toy/report.html"));
        assertEquals(1, new ObjectMapper().readTree(out.resolve("summary.json").toFile()).path("programs").size());
    }
}
