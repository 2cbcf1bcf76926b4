package hiddenlayer.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
