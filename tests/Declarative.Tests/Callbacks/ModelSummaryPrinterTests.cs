using Declarative.Callbacks;
using Declarative.Tests.Models;
using Declarative.Tests.Support;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>Lightning's ModelSummary callback: the model's summary printed where callbacks print, when training begins.</summary>
[Collection(WorkingDirectoryCollection.Name)]
public class ModelSummaryPrinterTests
{
    [Fact]
    public void Prints_the_summary_of_the_sessions_model_at_train_begin()
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var printer = new ModelSummaryPrinter(new ModelSummaryAttribute { MaxDepth = 0 });

        printer.OnTrainBegin(session);

        Assert.Equal(ModelSummary.Of(session.Model, maxDepth: 0).ToString(), output.ToString());
        Assert.Equal(2, printer.Summary!.TotalParameters);
        Assert.Equal("[ModelSummary(MaxDepth = 0)]", printer.Description);
    }

    [Fact]
    public void A_depth_below_minus_one_is_refused_as_the_compiler_refuses_it()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ModelSummaryPrinter(new ModelSummaryAttribute { MaxDepth = -2 }));
    }

    [Fact]
    public void Fit_prints_the_summary_in_plain_text_before_the_first_epoch_when_output_is_redirected()
    {
        using var folder = new TemporaryWorkingDirectory();
        manual_seed(3);
        var model = new ThroughputModel();
        var output = new StringWriter();
        var (inputs, targets) = Data.Blobs(16, seed: 1);

        model.Fit(inputs, targets, batchSize: 8, epochs: 1, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss(), output: output);

        var text = output.ToString();
        Assert.StartsWith(ModelSummary.Of(model).ToString(), text);
        Assert.Contains(" _layer  Linear       6          6", text);
        Assert.Contains("Epoch 1/1", text);
        Assert.DoesNotContain('\u001b', text);
    }
}
