package hiddenlayer.report;

import hiddenlayer.graph.Variant;
import hiddenlayer.train.NotebookRun;
import hiddenlayer.train.RunResult;
import hiddenlayer.train.TfRuntime;
import hiddenlayer.train.TrainConfig;
import hiddenlayer.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The report's runs: every {@link Variant} in {@link FourWayReport#ORDER} on every {@link
 * TfRuntime}, one after another (for each variant, TF 2.18 then TF 1.15), all with the same
 * other settings.
 */
public final class ConfigurationGrid {
  private ConfigurationGrid() {}

  /** Runs one configuration; {@link NotebookRun#execute} outside of tests. */
  @FunctionalInterface
  public interface Runner {
    NotebookRun.Outcome run(TrainConfig config, Optional<Path> data, Trainer.Listener listener);
  }

  /** A listener of one run, closed when the run ends (normally or not). */
  public interface RunListener extends Trainer.Listener, AutoCloseable {
    @Override
    void close();
  }

  /** What the caller hears around each run. */
  public interface Observer {
    /** Before {@code cell} runs; the listener returned follows its run and is closed after. */
    RunListener starting(Cell cell);

    /** After {@code cell} ran. */
    void finished(Cell cell, FourWayReport.Run run);
  }

  /**
   * One run of the grid: the {@code index}-th of {@code total} (from 1), {@code variant} on
   * {@code runtime}, with its whole configuration.
   */
  public record Cell(int index, int total, Variant variant, TfRuntime runtime,
      TrainConfig config) {}

  /** The finished runs, per runtime, each map in {@link FourWayReport#ORDER}. */
  public record Runs(Map<Variant, FourWayReport.Run> tf2, Map<Variant, FourWayReport.Run> tf1) {
    public Runs {
      tf2 = Map.copyOf(tf2);
      tf1 = Map.copyOf(tf1);
    }
  }

  /** The cells of the grid for {@code base}, in the order they run. */
  public static List<Cell> cells(TrainConfig base) {
    int total = FourWayReport.ORDER.size() * TfRuntime.values().length;
    List<Cell> cells = new ArrayList<>();
    for (Variant v : FourWayReport.ORDER) {
      for (TfRuntime runtime : TfRuntime.values()) {
        TrainConfig config = base.withRuntime(runtime).withGraph(v.applyTo(base.graph()));
        cells.add(new Cell(cells.size() + 1, total, v, runtime, config));
      }
    }
    return cells;
  }

  /**
   * Runs every cell of {@link #cells(TrainConfig)} with {@code runner}. A run's wall time is its
   * whole time less the one-off native library load.
   */
  public static Runs run(TrainConfig base, Optional<Path> data, Runner runner,
      Observer observer) {
    Objects.requireNonNull(data, "data");
    Map<TfRuntime, Map<Variant, FourWayReport.Run>> runs = new EnumMap<>(TfRuntime.class);
    for (TfRuntime runtime : TfRuntime.values()) {
      runs.put(runtime, new EnumMap<>(Variant.class));
    }
    for (Cell cell : cells(base)) {
      NotebookRun.Outcome outcome;
      try (RunListener listener = observer.starting(cell)) {
        outcome = runner.run(cell.config(), data, listener);
      }
      RunResult r = outcome.result();
      FourWayReport.Run run = new FourWayReport.Run(r,
          outcome.phases().totalMs() - outcome.phases().nativeLoadMs());
      observer.finished(cell, run);
      runs.get(cell.runtime()).put(cell.variant(), run);
    }
    return new Runs(runs.get(TfRuntime.TF2), runs.get(TfRuntime.TF1));
  }
}
