/**
 * What a run prints and writes: the notebook's rows in Python's format, CSV, JSON, TensorBoard
 * event files ({@code summary/writer/event_file_writer.py}, written by TF's summary ops), charts,
 * the comparison with a Python run, a run's JSON summary ({@link hiddenlayer.report.RunSummary}),
 * and the four-way report: its configuration x runtime grid ({@link
 * hiddenlayer.report.ConfigurationGrid}) and what it renders ({@link
 * hiddenlayer.report.FourWayReport}).
 */
package hiddenlayer.report;
