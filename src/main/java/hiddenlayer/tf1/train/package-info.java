/**
 * TF 1.15's optimizers ({@code training/optimizer.py}, {@code training/adam.py}): {@code
 * AdamOptimizer.minimize} with its phases.
 */
package hiddenlayer.tf1.train;
