/**
 * What a run prints and writes: the notebook's rows in Python's format, CSV, JSON, TensorBoard
 * event files ({@code summary/writer/event_file_writer.py}, written by TF's summary ops), charts,
 * and the comparison with a Python run.
 */
package hiddenlayer.report;
