package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.train.EvalRecord;
import java.nio.file.Path;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookLogTest {
  @TempDir Path dir;

  @Test
  void readsStdoutStreamsGivenAsListsOfStrings() {
    // python-run.ipynb: row 30 is split across two stdout outputs with a stderr output
    // between them; a stderr output of another cell holds a decoy row (0.9999s) and an
    // execute_result and a markdown cell are there to be skipped.
    RunLog log = RunLog.read(Fixtures.path("python-run.ipynb"));
    assertEquals(Fixtures.PYTHON_ROWS, log.rows());
    assertEquals(OptionalDouble.of(0.8745), log.finalTestAccuracy());
  }

  @Test
  void readsStdoutStreamsGivenAsSingleStrings() {
    // python-run-string-text.ipynb: the loop cell was interrupted after two rows (an error
    // output), and print(final_test_accuracy) in the next cell printed 0.8.
    RunLog log = RunLog.read(Fixtures.path("python-run-string-text.ipynb"));
    assertEquals(Fixtures.PYTHON_ROWS.subList(0, 2), log.rows());
    assertEquals(OptionalDouble.of(0.8), log.finalTestAccuracy());
  }

  @Test
  void malformedJsonNamesFileLineAndColumn() {
    Path file = Fixtures.write(dir, "broken.ipynb", "{\n \"nbformat\": 4,\n \"cells\": [\n}\n");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ":4:"), e.getMessage());
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void trailingGarbageIsMalformedJson() {
    Path file = Fixtures.write(dir, "tail.ipynb", "{\"nbformat\": 4, \"cells\": []} x");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().contains("malformed JSON"), e.getMessage());
  }

  @Test
  void nbformat3IsRefused() {
    Path file = Fixtures.write(dir, "old.ipynb", "{\"nbformat\": 3, \"worksheets\": []}");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertEquals(file + ": nbformat 3 is not supported, expected nbformat 4", e.getMessage());
  }

  @Test
  void jsonThatIsNoNotebookIsRefused() {
    Path file = Fixtures.write(dir, "data.ipynb", "[1, 2, 3]");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ": not a Jupyter notebook"), e.getMessage());
  }

  @Test
  void notebookWithoutOutputsHasNoRows() {
    Path file = Fixtures.write(dir, "cleared.ipynb", """
        {"nbformat": 4, "nbformat_minor": 4, "metadata": {},
         "cells": [{"cell_type": "code", "metadata": {}, "outputs": [], "source": "print(1)",
                    "execution_count": null}]}
        """);
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ": no eval rows found"), e.getMessage());
  }

  @Test
  void emptyNotebookFileIsAnError() {
    Path file = Fixtures.write(dir, "empty.ipynb", "");
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertEquals(file + ": empty file", e.getMessage());
  }

  @Test
  void rowErrorsNameTheCell() {
    Path file = Fixtures.write(dir, "rerun.ipynb", """
        {"nbformat": 4, "nbformat_minor": 4, "metadata": {},
         "cells": [{"cell_type": "code", "metadata": {}, "execution_count": 5, "source": "",
                    "outputs": [{"output_type": "stream", "name": "stdout", "text": [
                      "20 0.1000 0.2000 0.3000 0.9000 0.8000 0.7000\\n",
                      "10 0.1000 0.2000 0.3000 0.9000 0.8000 0.7000\\n"]}]}]}
        """);
    CompareException e = assertThrows(CompareException.class, () -> RunLog.read(file));
    assertTrue(e.getMessage().startsWith(file + ", cell 1 (In [5]), stdout line 2: epoch 10"),
        e.getMessage());
  }

  @Test
  void rowValuesAreReadAsPrinted() {
    EvalRecord row = RunLog.read(Fixtures.path("python-run.ipynb")).rows().get(2);
    assertEquals(0.9830, row.trainAccuracy()); // "0.98" + "30" joined across two outputs
  }
}
