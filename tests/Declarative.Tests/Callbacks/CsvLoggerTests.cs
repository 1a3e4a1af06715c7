using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using Declarative.Training;

namespace Declarative.Tests.Callbacks;

/// <summary>CSVLogger's file rules (keras-callbacks.md §2.5 and difference 8).</summary>
public sealed class CsvLoggerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("declarative-csv-").FullName;

    private string PathOf(string name) => Path.Combine(_folder, name);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static CsvLogger<BlobClassifierLogs> Create(string path, char separator = ',', bool append = false) =>
        new(new CsvLoggerAttribute(path) { Separator = separator, Append = append });

    private static TrainingSession Session(bool hasValidation) => Sessions.Create(hasValidation: hasValidation);

    private static readonly TrainingEnd Completed = new(TrainingEndReason.Completed, 0);

    private static BlobClassifierLogs Logs(int epoch, bool validation) => new()
    {
        Epoch = epoch,
        Loss = 0.5,
        Accuracy = 1.0,
        Confidence = 1e-05,
        ValLoss = validation ? double.NaN : null,
        ValAccuracy = validation ? 0.25 : null,
        ValConfidence = validation ? 0.1 : null,
        LearningRate = 0.001,
    };

    [Fact]
    public void Writes_keras_rows_sorted_columns_python_numbers_and_crlf()
    {
        var logger = Create(PathOf("h.csv"));
        logger.OnTrainBegin(Session(hasValidation: true));
        logger.OnEpochEnd(0, Logs(0, validation: true));
        logger.OnEpochEnd(1, Logs(1, validation: true));
        logger.OnTrainEnd(Completed);

        Assert.Equal(
            "epoch,accuracy,confidence,learning_rate,loss,val_accuracy,val_confidence,val_loss\r\n" +
            "0,1.0,1e-05,0.001,0.5,0.25,0.1,nan\r\n" +
            "1,1.0,1e-05,0.001,0.5,0.25,0.1,nan\r\n",
            File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void Without_validation_there_are_no_val_columns()
    {
        var logger = Create(PathOf("h.csv"));
        logger.OnTrainBegin(Session(hasValidation: false));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        logger.OnTrainEnd(Completed);
        Assert.Equal("epoch,accuracy,confidence,learning_rate,loss\r\n0,1.0,1e-05,0.001,0.5\r\n", File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void Each_row_is_flushed_when_written()
    {
        var logger = Create(PathOf("h.csv"));
        logger.OnTrainBegin(Session(hasValidation: false));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        using (var reader = new StreamReader(new FileStream(PathOf("h.csv"), FileMode.Open, FileAccess.Read, FileShare.ReadWrite)))
        {
            Assert.Equal(2, reader.ReadToEnd().Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
        }

        logger.OnTrainEnd(Completed);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("\r\nold row\r\n", true)]
    [InlineData("epoch,accuracy\r\n0,1.0\r\n", false)]
    public void Appending_writes_the_header_only_to_a_new_or_empty_file(string? existing, bool header)
    {
        if (existing is not null) File.WriteAllText(PathOf("h.csv"), existing);
        var logger = Create(PathOf("h.csv"), append: true);
        logger.OnTrainBegin(Session(hasValidation: false));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        logger.OnTrainEnd(Completed);

        var expected = (existing ?? string.Empty) + (header ? "epoch,accuracy,confidence,learning_rate,loss\r\n" : string.Empty) + "0,1.0,1e-05,0.001,0.5\r\n";
        Assert.Equal(expected, File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void Without_append_an_existing_file_is_replaced_at_the_first_row()
    {
        File.WriteAllText(PathOf("h.csv"), "old\r\n");
        var logger = Create(PathOf("h.csv"));
        logger.OnTrainBegin(Session(hasValidation: false));
        Assert.Equal("old\r\n", File.ReadAllText(PathOf("h.csv")));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        logger.OnTrainEnd(Completed);
        Assert.Equal("epoch,accuracy,confidence,learning_rate,loss\r\n0,1.0,1e-05,0.001,0.5\r\n", File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void A_resumed_run_cuts_the_file_back_to_the_backup_and_writes_no_duplicate_row()
    {
        var logger = Create(PathOf("h.csv"));
        logger.OnTrainBegin(Session(hasValidation: false));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        var state = new MemoryStream();
        logger.SaveState(new BinaryWriter(state));
        logger.OnEpochEnd(1, Logs(1, validation: false));
        logger.OnTrainEnd(Completed);

        var resumed = Create(PathOf("h.csv"));
        resumed.OnTrainBegin(Session(hasValidation: false));
        state.Position = 0;
        resumed.LoadState(new BinaryReader(state));
        resumed.OnEpochEnd(1, Logs(1, validation: false));
        resumed.OnTrainEnd(Completed);

        Assert.Equal("epoch,accuracy,confidence,learning_rate,loss\r\n0,1.0,1e-05,0.001,0.5\r\n1,1.0,1e-05,0.001,0.5\r\n", File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void A_run_interrupted_again_before_its_first_row_keeps_the_rows_of_the_run_before()
    {
        var logger = Create(PathOf("h.csv"));
        logger.OnTrainBegin(Session(hasValidation: false));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        var first = new MemoryStream();
        logger.SaveState(new BinaryWriter(first));
        logger.OnTrainEnd(Completed);

        // The second process resumes and is backed up (mid-epoch) before writing a row: its backup keeps the first's length.
        var second = Create(PathOf("h.csv"));
        second.OnTrainBegin(Session(hasValidation: false));
        first.Position = 0;
        second.LoadState(new BinaryReader(first));
        var again = new MemoryStream();
        second.SaveState(new BinaryWriter(again));
        second.OnTrainEnd(Completed);

        var third = Create(PathOf("h.csv"));
        third.OnTrainBegin(Session(hasValidation: false));
        again.Position = 0;
        third.LoadState(new BinaryReader(again));
        third.OnEpochEnd(1, Logs(1, validation: false));
        third.OnTrainEnd(Completed);

        Assert.Equal("epoch,accuracy,confidence,learning_rate,loss\r\n0,1.0,1e-05,0.001,0.5\r\n1,1.0,1e-05,0.001,0.5\r\n", File.ReadAllText(PathOf("h.csv")));
    }

    // A fresh run is backed up at train begin, before its first row; killed after writing rows, it resumes from there:
    // with Append, the rows of the runs before it stay and its own are not doubled.
    [Fact]
    public void An_appending_run_backed_up_before_its_first_row_resumes_without_doubling_rows()
    {
        File.WriteAllText(PathOf("h.csv"), "epoch,accuracy,confidence,learning_rate,loss\r\n0,1.0,1e-05,0.001,0.5\r\n");
        var killed = Create(PathOf("h.csv"), append: true);
        killed.OnTrainBegin(Session(hasValidation: false));
        var atStart = new MemoryStream();
        killed.SaveState(new BinaryWriter(atStart));
        killed.OnEpochEnd(0, Logs(0, validation: false));
        killed.OnTrainEnd(Completed);

        var resumed = Create(PathOf("h.csv"), append: true);
        resumed.OnTrainBegin(Session(hasValidation: false));
        atStart.Position = 0;
        resumed.LoadState(new BinaryReader(atStart));
        resumed.OnEpochEnd(0, Logs(0, validation: false));
        resumed.OnTrainEnd(Completed);

        Assert.Equal("epoch,accuracy,confidence,learning_rate,loss\r\n0,1.0,1e-05,0.001,0.5\r\n0,1.0,1e-05,0.001,0.5\r\n", File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void A_run_backed_up_before_its_first_row_resumes_with_one_header()
    {
        var killed = Create(PathOf("h.csv"));
        killed.OnTrainBegin(Session(hasValidation: false));
        var atStart = new MemoryStream();
        killed.SaveState(new BinaryWriter(atStart));
        killed.OnEpochEnd(0, Logs(0, validation: false));
        killed.OnTrainEnd(Completed);

        var resumed = Create(PathOf("h.csv"));
        resumed.OnTrainBegin(Session(hasValidation: false));
        atStart.Position = 0;
        resumed.LoadState(new BinaryReader(atStart));
        resumed.OnEpochEnd(0, Logs(0, validation: false));
        resumed.OnTrainEnd(Completed);

        Assert.Equal("epoch,accuracy,confidence,learning_rate,loss\r\n0,1.0,1e-05,0.001,0.5\r\n", File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void Fields_containing_the_separator_are_quoted()
    {
        var logger = Create(PathOf("h.csv"), separator: '.');
        logger.OnTrainBegin(Session(hasValidation: false));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        logger.OnTrainEnd(Completed);
        Assert.EndsWith("0.\"1.0\".1e-05.\"0.001\".\"0.5\"\r\n", File.ReadAllText(PathOf("h.csv")));
    }

    [Fact]
    public void Its_folder_is_created()
    {
        var logger = Create(PathOf("runs/a/h.csv"));
        logger.OnTrainBegin(Session(hasValidation: false));
        logger.OnEpochEnd(0, Logs(0, validation: false));
        logger.OnTrainEnd(Completed);
        Assert.True(File.Exists(PathOf("runs/a/h.csv")));
    }
}
