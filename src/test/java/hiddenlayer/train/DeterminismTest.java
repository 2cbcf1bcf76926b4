package hiddenlayer.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hiddenlayer.data.MnistData;
import hiddenlayer.data.NotebookSplit;
import hiddenlayer.graph.BnUpdates;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two runs with the same options give the same rows to the last bit (EvalRecord is a record of
 * doubles: equality is exact). Short runs (30 epochs, 3 evaluations) keep it to a few seconds;
 * {@code cli.FreshJvmDeterminismTest} compares the printed bytes of runs in fresh JVMs.
 */
class DeterminismTest {
  @Test
  void sameOptionsSameRowsToTheBit() {
    TrainConfig config = TrainConfig.notebook().withEpochs(30);
    List<EvalRecord> first = NotebookRun.execute(config, Optional.empty(),
        new Trainer.Listener() {}).result().rows();
    List<EvalRecord> second = NotebookRun.execute(config, Optional.empty(),
        new Trainer.Listener() {}).result().rows();
    assertEquals(3, first.size());
    assertEquals(first, second);
  }

  @Test
  void sameRowsWhetherTheDataIsGivenOrStillLoading() {
    TrainConfig config = TrainConfig.notebook().withEpochs(20).withGraph(
        TrainConfig.notebook().graph().withBnUpdates(BnUpdates.COLLECTED));
    NotebookSplit split = NotebookSplit.of(MnistData.loadBundled(), config.graph().seed());
    List<EvalRecord> direct = Trainer.run(config, split, new Trainer.Listener() {}).rows();
    List<EvalRecord> overlapped = NotebookRun.execute(config, Optional.empty(),
        new Trainer.Listener() {}).result().rows();
    assertEquals(direct, overlapped);
  }
}
