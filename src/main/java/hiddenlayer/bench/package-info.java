/**
 * {@code bench}'s suite: what it measures (MatMul rates, each {@link hiddenlayer.graph.Variant}'s
 * train step under both gradient builders and on both runtimes, eval rounds, startup phases,
 * whole runs), the FLOP model it rates them by, and its results as records, with their JSON.
 * The instruments (timers, MatMul graphs, a model ready for steps) are {@link
 * hiddenlayer.train.Benchmark}'s.
 */
package hiddenlayer.bench;
