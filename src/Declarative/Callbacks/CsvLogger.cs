using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Declarative.Formatting;
using Declarative.Training;

namespace Declarative.Callbacks;

/// <summary>
/// Keras's <c>CSVLogger</c>: one row per epoch, <c>epoch</c> (0-based) then one column per value, flushed after every row.
/// </summary>
/// <remarks>
/// <para>As in Keras, columns are in alphabetical order, numbers are written as Python's <c>str()</c> writes them
/// (<c>0.5</c>, <c>1.0</c>, <c>1e-05</c>, <c>nan</c>), fields are quoted only when they must be (RFC 4180), lines end
/// with <c>\r\n</c>, and with <c>Append</c> the header is written only when the file is new or its first line is empty.</para>
/// <para>Unlike Keras, the columns come from the model's declared metrics: <c>val_*</c> columns exist exactly when
/// validation data is passed (Keras adds all-<c>NA</c> ones without it, and drops keys that appear after the first
/// epoch), and <c>learning_rate</c> is always there.</para>
/// </remarks>
/// <typeparam name="TLogs">The model's logs type, whose values are the columns.</typeparam>
public sealed class CsvLogger<TLogs> : IOnSetup, IOnTrainBegin, IOnEpochEnd<TLogs>, IOnTrainEnd, IPersistentState, IDisposable
    where TLogs : struct, ITrainingLogs<TLogs>
{
    private StreamWriter? _writer;
    private string[] _columns = [];
    private long? _resumeLength;
    private long _startLength;
    private TrainingSession? _session;

    /// <summary>Creates the callback.</summary>
    /// <param name="settings">Its settings, as the attribute takes them.</param>
    public CsvLogger(CsvLoggerAttribute settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.FileName, nameof(settings));
        CallbackSettings.Check(settings);
        Description = SettingsText.Describe(settings);
        FileName = settings.FileName;
        Path = settings.FileName;
        Separator = settings.Separator;
        Append = settings.Append;
    }

    /// <summary>The callback's configuration, as its attribute would be written.</summary>
    public string Description { get; }

    /// <summary>The CSV file, as declared (it may hold <c>{model}</c>).</summary>
    public string FileName { get; }

    /// <summary>The CSV file of the run under way: <see cref="FileName"/> with <c>{model}</c> filled in.</summary>
    public string Path { get; private set; }

    /// <summary>The field separator.</summary>
    public char Separator { get; }

    /// <summary>Whether rows are appended to an existing file.</summary>
    public bool Append { get; }

    /// <summary>The value columns of this run, after <c>epoch</c>.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Claims the file for this run: another process (or run) writing it is refused before any file is touched.</summary>
    /// <exception cref="TrainingConfigurationException">The file cannot exist, its folder cannot be written, or another run writes it.</exception>
    public void OnSetup(TrainingSession session)
    {
        Path = PathTemplate.ForModel(FileName, session.Model.GetType().Name);
        session.ClaimOutput(Description, Path, isFile: true);
    }

    /// <summary>Starts a run after checking that the file can exist and its folder be written; the file is opened at the first row.</summary>
    /// <exception cref="TrainingConfigurationException">The file cannot exist (its name is too long), or its folder cannot be created or written.</exception>
    public void OnTrainBegin(TrainingSession session)
    {
        Path = PathTemplate.ForModel(FileName, session.Model.GetType().Name);
        session.RequireWritableFile(Description, Path);
        Close();
        _session = session;
        _columns = LogNames.For<TLogs>(session.HasValidation).Order(StringComparer.Ordinal).ToArray();
        _resumeLength = null;
        // What this run will keep of the file: with Append, what is there now; otherwise nothing.
        _startLength = Append && File.Exists(Path) ? new FileInfo(Path).Length : 0;
    }

    /// <summary>Writes the epoch's row and flushes it.</summary>
    public void OnEpochEnd(int epoch, in TLogs logs)
    {
        var writer = _writer ??= Open(epoch);
        WriteRow(Row(epoch, logs));
        writer.Flush();
    }

    private IEnumerable<string> Row(int epoch, in TLogs logs)
    {
        var fields = new string[_columns.Length + 1];
        fields[0] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < _columns.Length; i++) fields[i + 1] = logs.TryGetValue(_columns[i], out var value) ? PythonFormat.Repr(value) : "NA";
        return fields;
    }

    /// <summary>Closes the file.</summary>
    public void OnTrainEnd(TrainingEnd end) => Close();

    /// <summary>Writes the per-run state (how much of the file this run has written, and how much was there before it), for a backup.</summary>
    public void SaveState(BinaryWriter writer)
    {
        _writer?.Flush();
        // A run that has not written a row yet has not opened the file: a resumed one's length is still the one it
        // resumed from, a fresh one's what it found at train begin (with Append) or nothing: a later resume cuts back to it.
        writer.Write(_writer?.BaseStream.Length ?? _resumeLength ?? _startLength);
        writer.Write(_startLength);
    }

    /// <summary>
    /// Reads back what <see cref="SaveState"/> wrote: the resumed run cuts the file back to that length before appending,
    /// so rows the interrupted run wrote after the backup are not duplicated; a file lost or cut short since is written
    /// again from the backup's History.
    /// </summary>
    public void LoadState(BinaryReader reader)
    {
        var length = reader.ReadInt64();
        _resumeLength = length >= 0 ? length : null;
        _startLength = reader.ReadInt64();
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => Close();

    // Opens the file at the first row of this process's run (epoch), cutting back to what a resumed backup recorded.
    private StreamWriter Open(int epoch)
    {
        var path = System.IO.Path.GetFullPath(Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (_resumeLength is long recorded && (!File.Exists(path) || new FileInfo(path).Length < recorded)) return Rebuild(path, recorded, epoch);
        var resume = _resumeLength is long length && File.Exists(path) && new FileInfo(path).Length >= length;
        var writeHeader = resume ? _resumeLength == 0 : !Append || !File.Exists(path) || FirstLineIsEmpty(path);
        var stream = new FileStream(path, resume || Append ? FileMode.OpenOrCreate : FileMode.Create, FileAccess.Write, FileShare.Read);
        if (resume) stream.SetLength(_resumeLength!.Value);
        stream.Seek(0, SeekOrigin.End);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n" };
        _writer = writer;
        if (writeHeader) WriteRow(new[] { "epoch" }.Concat(_columns));
        return writer;
    }

    // The file lost rows since the backup (deleted, or cut short): it is written again as the backup says it was, the
    // rows of this run from History. What was there before this run (Append) is kept, and reported when damaged too;
    // no byte that predates this run is removed.
    private StreamWriter Rebuild(string path, long recorded, int epoch)
    {
        var found = File.Exists(path) ? new FileInfo(path).Length : -1;
        var keep = Math.Clamp(found, 0, _startLength);
        var header = keep == 0 || FirstLineIsEmpty(path);
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        stream.SetLength(keep);
        var endsLine = keep == 0 || (stream.Seek(-1, SeekOrigin.End) >= 0 && stream.ReadByte() == '\n');
        stream.Seek(0, SeekOrigin.End);
        _writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n" };
        if (!endsLine) _writer.WriteLine();
        if (header) WriteRow(new[] { "epoch" }.Concat(_columns));
        var rows = 0;
        foreach (var logs in _session!.RecordedEpochs<TLogs>().Where(l => l.Epoch < epoch))
        {
            WriteRow(Row(logs.Epoch, logs));
            rows++;
        }

        _writer.Flush();
        var lost = keep < _startLength ? $"; of the {_startLength} bytes it held before this run, {Math.Max(found, 0)} were left, and are kept" : string.Empty;
        _session.Output.WriteLine($"{Description}: {Path} {(found < 0 ? "was deleted" : $"was cut short ({found} of {recorded} bytes)")} since the backup: " +
                                  $"wrote its {rows} rows of this run again from the backup's History{lost}.");
        return _writer;
    }

    private void WriteRow(IEnumerable<string> fields) =>
        _writer!.WriteLine(string.Join(Separator, fields.Select(Quote)));

    private string Quote(string field) =>
        field.IndexOfAny([Separator, '"', '\r', '\n']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    private static bool FirstLineIsEmpty(string path)
    {
        using var reader = new StreamReader(path);
        return string.IsNullOrEmpty(reader.ReadLine());
    }

    private void Close()
    {
        _writer?.Dispose();
        _writer = null;
    }
}
