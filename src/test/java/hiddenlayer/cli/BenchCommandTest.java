package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hiddenlayer.graph.Variant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** bench's variant names: one spelling printed, the old underscore one still taken. */
class BenchCommandTest {
  @Test
  void variantNamesTakeBothSpellings() {
    assertEquals(Optional.of(Variant.BATCH_KERAS), BenchCommand.variant("batch-keras"));
    assertEquals(Optional.of(Variant.BATCH_KERAS), BenchCommand.variant("batch_keras"));
    assertEquals(Optional.of(Variant.BATCH_COLLECTED), BenchCommand.variant("batch_collected"));
    assertEquals(Optional.of(Variant.NONE), BenchCommand.variant("none"));
    assertEquals(Optional.empty(), BenchCommand.variant("batch"));
  }

  @Test
  void profileWithTheOldSpellingPrintsTheOneSpelling() {
    Cli r = Cli.run("bench", "--profile", "batch_collected", "--reps", "1");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().startsWith("batch-collected train step: median "), r.out());
    assertTrue(r.out().contains("  (sum)"), r.out());
  }

  @Test
  void profileOfAnUnknownVariantListsTheVariants() {
    Cli r = Cli.run("bench", "--profile", "batch");
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("error: --profile takes none, layer, batch-keras or "
        + "batch-collected, got 'batch'"), r.err());
  }
}
