/**
 * The wire protocol between the parent and TF 1.15's child JVM: pure JDK, compiled into both
 * sides. It mirrors what a TF1 {@code tf.Session} is asked ({@code client/session.py}: {@code
 * Session.run} with feeds, fetches and targets).
 */
package hiddenlayer.tf115.wire;
