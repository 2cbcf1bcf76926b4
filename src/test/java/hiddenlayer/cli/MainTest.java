package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void prefetchesTheBundledDataForCommandsThatTrainOnIt() {
    assertTrue(Main.readsBundledData("run"));
    assertTrue(Main.readsBundledData("run", "--norm", "layer", "--csv", "a.csv"));
    assertTrue(Main.readsBundledData("report", "--out", "r"));
    assertTrue(Main.readsBundledData("compare", "log.txt", "--run"));
  }

  @Test
  void doesNotPrefetchWhenTheCommandReadsOtherDataOrNone() {
    assertFalse(Main.readsBundledData());
    assertFalse(Main.readsBundledData("run", "--data", "/mnist"));
    assertFalse(Main.readsBundledData("run", "--data=/mnist"));
    assertFalse(Main.readsBundledData("run", "--help"));
    assertFalse(Main.readsBundledData("run", "-h"));
    assertFalse(Main.readsBundledData("--version"));
    assertFalse(Main.readsBundledData("compare", "a.txt", "b.txt"));
    assertFalse(Main.readsBundledData("split"));
    assertFalse(Main.readsBundledData("graph"));
    assertFalse(Main.readsBundledData("bench")); // bench times the load itself
  }

  /** The commands of the README's command table, in its order, and picocli's {@code help}. */
  private static final List<String> COMMANDS = List.of("help", "run", "graph", "split", "compare",
      "report", "bench", "evaluate", "checkpoint", "saved-model");

  @Test
  void withoutACommandNameEveryCommandIsRegisteredInTheUsagesOrder() {
    assertEquals(COMMANDS, List.copyOf(Main.commandLine().getSubcommands().keySet()));
    assertEquals(COMMANDS, List.copyOf(Main.commandLine("--help").getSubcommands().keySet()));
    assertEquals(COMMANDS, List.copyOf(Main.commandLine("rnu").getSubcommands().keySet()));
    assertEquals(COMMANDS, List.copyOf(Main.commandLine("help", "run").getSubcommands().keySet()));
  }

  @Test
  void aNamedCommandIsRegisteredAloneWithTheSameUsage() {
    for (String name : COMMANDS.subList(1, COMMANDS.size())) {
      var alone = Main.commandLine(name, "--epochs", "3").getSubcommands();
      assertEquals(Set.of(name), alone.keySet());
      assertEquals(Main.commandLine().getSubcommands().get(name).getUsageMessage(),
          alone.get(name).getUsageMessage(), name);
    }
  }
}
