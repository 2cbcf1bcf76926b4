/**
 * The commands: options parsed, the work below called, its records printed; errors from below
 * worded with the flag names. Mirrors no TF module.
 */
package hiddenlayer.cli;
