/**
 * Cell 5: the training loop with early stopping, its session on either runtime ({@code
 * client/session.py}: {@code Session.run}), its records, and the instruments that time it ({@link hiddenlayer.train.Benchmark}; {@code
 * hiddenlayer.bench} is the suite that uses them).
 */
package hiddenlayer.train;
