/**
 * What every layer shares: the user-error type, output files written whole, the TensorFlow natives
 * and versions. Mirrors no TF module.
 */
package hiddenlayer;
