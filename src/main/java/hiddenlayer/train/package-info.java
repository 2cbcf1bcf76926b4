/**
 * Cell 5: the training loop with early stopping, its session on either runtime ({@code
 * client/session.py}: {@code Session.run}), its records, and the benchmarks that time it.
 */
package hiddenlayer.train;
