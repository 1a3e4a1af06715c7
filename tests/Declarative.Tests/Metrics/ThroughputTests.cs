using System.Globalization;
using Declarative.Metrics;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Metrics;

/// <summary>
/// Lightning's ThroughputMonitor as [Throughput]: samples and batches per second over the epoch's training batches,
/// counted on the host, values of the run in History and the CSV, monitorable, and measured afresh in a resumed epoch.
/// </summary>
[Collection(WorkingDirectoryCollection.Name)]
public class ThroughputTests
{
    [Fact]
    public void Counts_from_the_first_batchs_begin_to_the_last_batchs_end()
    {
        var clock = new ManualClock();
        var counter = new ThroughputCounter(clock);
        clock.Advance(TimeSpan.FromSeconds(5)); // the epoch's begin hooks and fetching its first batch: not counted

        counter.BatchBegan();
        clock.Advance(TimeSpan.FromSeconds(1));
        counter.BatchEnded(32);
        counter.BatchBegan();
        clock.Advance(TimeSpan.FromSeconds(1));
        counter.BatchEnded(32);
        counter.BatchBegan();
        clock.Advance(TimeSpan.FromSeconds(2));
        counter.BatchEnded(16);
        clock.Advance(TimeSpan.FromSeconds(30)); // validation and the epoch's end: not counted

        Assert.Equal((3L, 80L), (counter.Batches, counter.Samples));
        Assert.Equal(TimeSpan.FromSeconds(4), counter.Elapsed);
        Assert.Equal(20.0, counter.SamplesPerSecond);
        Assert.Equal(0.75, counter.BatchesPerSecond);
    }

    [Fact]
    public void Nothing_counted_reads_nan_and_a_reset_starts_a_new_count()
    {
        var clock = new ManualClock();
        var counter = new ThroughputCounter(clock);
        Assert.True(double.IsNaN(counter.SamplesPerSecond));
        Assert.True(double.IsNaN(counter.BatchesPerSecond));
        Assert.Equal(TimeSpan.Zero, counter.Elapsed);

        counter.BatchBegan();
        clock.Advance(TimeSpan.FromSeconds(1));
        counter.BatchEnded(10);
        counter.Reset();
        clock.Advance(TimeSpan.FromSeconds(100));
        Assert.True(double.IsNaN(counter.SamplesPerSecond));

        counter.BatchBegan();
        clock.Advance(TimeSpan.FromSeconds(2));
        counter.BatchEnded(10);
        Assert.Equal((1L, 10L, 5.0), (counter.Batches, counter.Samples, counter.SamplesPerSecond));
    }

    [Fact]
    public void A_batch_that_takes_no_time_on_the_clock_reads_nan_rather_than_infinity()
    {
        var counter = new ThroughputCounter(new ManualClock());
        counter.BatchBegan();
        counter.BatchEnded(8);
        Assert.True(double.IsNaN(counter.SamplesPerSecond));
    }

    [Fact]
    public void Fit_records_positive_throughput_in_history_and_the_csv_counting_training_batches_only()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(3);
        var model = new ThroughputModel();
        var (inputs, targets) = Data.Blobs(24, seed: 1);

        var history = model.Fit(inputs, targets, batchSize: 8, epochs: 2, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(),
            validation: Data.Blobs(16, seed: 2), output: TextWriter.Null);

        Assert.Equal(["loss", "val_loss", "learning_rate", "samples_per_second", "batches_per_second"], history.MetricNames);
        Assert.All(history, logs => Assert.True(logs.SamplesPerSecond > 0 && logs.BatchesPerSecond > 0));
        // Three full batches of 8 over the same time: 8 samples for each batch.
        Assert.All(history, logs => Assert.Equal(8.0, logs.SamplesPerSecond / logs.BatchesPerSecond, 9));
        Assert.Equal([(3L, 24L), (3L, 24L)], model.Counted);

        var csv = File.ReadAllLines("history.csv");
        Assert.Equal("epoch,batches_per_second,learning_rate,loss,samples_per_second,val_loss", csv[0]);
        var row = csv[1].Split(',');
        Assert.Equal(history[0].BatchesPerSecond, double.Parse(row[1], CultureInfo.InvariantCulture), 12);
        Assert.Equal(history[0].SamplesPerSecond, double.Parse(row[4], CultureInfo.InvariantCulture), 12);

        // Evaluate trains nothing: no throughput.
        var evaluated = model.Evaluate(inputs, targets, nn.CrossEntropyLoss(), batchSize: 8, output: TextWriter.Null);
        Assert.True(double.IsNaN(evaluated.SamplesPerSecond) && double.IsNaN(evaluated.BatchesPerSecond));
    }

    [Fact]
    public void Throughput_is_monitored_as_larger_is_better()
    {
        Assert.Equal(MetricDirection.Maximize, ThroughputModelLogs.Monitors.SamplesPerSecond.Direction);
        Assert.Equal(MetricDirection.Maximize, ThroughputModelLogs.Monitors.BatchesPerSecond.Direction);
        Assert.Equal("samples_per_second", new ThroughputModel().Callbacks.EarlyStopping.Monitor);
    }

    [Fact]
    public void A_resumed_run_keeps_the_measured_epochs_and_measures_the_resumed_one_over_its_own_batches()
    {
        using var folder = new TemporaryWorkingDirectory();
        var (inputs, targets) = Data.Blobs(24, seed: 1);
        History<ThroughputModelLogs> Train(ThroughputModel model) =>
            model.Fit(inputs, targets, batchSize: 8, epochs: 3, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(),
                output: TextWriter.Null, cancellationToken: model.Cancellation.Token);

        manual_seed(3);
        var interrupted = new ThroughputModel { CancelAfter = 5 }; // epoch 1's second batch
        var first = Train(interrupted);
        Assert.Equal(TrainingEndReason.Cancelled, first.End.Reason);

        var resumed = new ThroughputModel();
        var history = Train(resumed);

        Assert.Equal(3, history.Count);
        Assert.Equal(first[0].SamplesPerSecond, history[0].SamplesPerSecond);
        Assert.Equal(first[0].BatchesPerSecond, history[0].BatchesPerSecond);
        Assert.Equal([(1L, 8L), (3L, 24L)], resumed.Counted);
        Assert.True(history[1].SamplesPerSecond > 0);
    }
}
