package hiddenlayer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.graph.BnUpdates;
import hiddenlayer.graph.Normalization;
import hiddenlayer.graph.Variant;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The report's eight runs with a fake runner: which, in what order, and their wall times. */
class ConfigurationGridTest {
  @Test
  void eachVariantOnTf2ThenTf1InReportOrder() {
    List<ConfigurationGrid.Cell> cells = ConfigurationGrid.cells(TrainConfig.notebook());
    assertEquals(8, cells.size());
    assertEquals(List.of("batch-keras tf2", "batch-keras tf1", "batch-collected tf2",
        "batch-collected tf1", "layer tf2", "layer tf1", "none tf2", "none tf1"),
        cells.stream().map(c -> c.variant().key() + " " + c.runtime().cliName()).toList());
    ConfigurationGrid.Cell collected = cells.get(3);
    assertEquals(4, collected.index());
    assertEquals(8, collected.total());
    assertEquals(Normalization.BATCH, collected.config().graph().normalization());
    assertEquals(BnUpdates.COLLECTED, collected.config().graph().bnUpdates());
    assertEquals(TfRuntime.TF1, collected.config().runtime());
  }

  @Test
  void wallTimeLeavesOutTheNativeLoadAndListenersAreClosed() {
    List<String> heard = new ArrayList<>();
    ConfigurationGrid.Runs runs = ConfigurationGrid.run(TrainConfig.notebook().withEpochs(10),
        Optional.empty(), (config, data, listener) -> {
          listener.onEpoch(1);
          RunResult r = new RunResult(List.of(), 10, 10, 0.9, 0.8,
              new RunResult.Timings(1, 1, 1, 1));
          return new NotebookRun.Outcome(r, new NotebookRun.Phases(700, 0, 0, 0, 0, 0,
              config.runtime() == TfRuntime.TF1 ? 3700 : 2700));
        }, new ConfigurationGrid.Observer() {
          @Override
          public ConfigurationGrid.RunListener starting(ConfigurationGrid.Cell cell) {
            return new ConfigurationGrid.RunListener() {
              @Override
              public void onEpoch(int epoch) {
                heard.add("epoch " + cell.index());
              }

              @Override
              public void close() {
                heard.add("closed " + cell.index());
              }
            };
          }

          @Override
          public void finished(ConfigurationGrid.Cell cell, FourWayReport.Run run) {
            heard.add("finished " + cell.index());
          }
        });
    assertEquals(List.of("epoch 1", "closed 1", "finished 1"), heard.subList(0, 3));
    assertEquals(24, heard.size());
    assertEquals(2000.0, runs.tf2().get(Variant.LAYER).wallMs());
    assertEquals(3000.0, runs.tf1().get(Variant.LAYER).wallMs());
    assertEquals(4, runs.tf1().size());
  }
}
