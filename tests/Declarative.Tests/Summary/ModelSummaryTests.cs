using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Summary;

/// <summary>An encoder, a decoder whose weight is the encoder's (tied), and a nested block with a frozen layer.</summary>
internal sealed class TiedNet : nn.Module<Tensor, Tensor>
{
    private readonly Linear encoder = nn.Linear(3, 3);
    private readonly Linear decoder = nn.Linear(3, 3);
    private readonly Sequential block;

    public TiedNet() : base(nameof(TiedNet))
    {
        var frozen = nn.Linear(2, 1);
        foreach (var parameter in frozen.parameters()) parameter.requires_grad = false;
        block = nn.Sequential(("inner", nn.Linear(3, 2)), ("relu", nn.ReLU()), ("frozen", frozen));
        RegisterComponents();
        decoder.weight = encoder.weight;
    }

    public override Tensor forward(Tensor input) => block.call(decoder.call(encoder.call(input)));
}

/// <summary>A layer in double precision beside one in single precision, and a parameter of the model's own.</summary>
internal sealed class MixedNet : nn.Module<Tensor, Tensor>
{
    private readonly Linear single = nn.Linear(2, 2);
    private readonly Linear precise = nn.Linear(2, 2, dtype: ScalarType.Float64);
    private readonly Parameter scale = nn.Parameter(ones(4));

    public MixedNet() : base(nameof(MixedNet)) => RegisterComponents();

    public override Tensor forward(Tensor input) => input;
}

/// <summary>Keras's model.summary() and Lightning's ModelSummary, from the module alone: counts, bytes, tied and frozen parameters, depth.</summary>
public class ModelSummaryTests
{
    [Fact]
    public void Lists_the_models_children_in_module_order_with_their_types_and_counts()
    {
        var summary = ModelSummary.Of(new TiedNet());

        Assert.Equal("TiedNet", summary.Model);
        Assert.Equal(
            [
                new LayerSummary("encoder", "Linear", 1, Parameters: 12, Trainable: 12, Bytes: 48),
                new LayerSummary("decoder", "Linear", 1, Parameters: 12, Trainable: 12, Bytes: 48),
                new LayerSummary("block", "Sequential", 1, Parameters: 11, Trainable: 8, Bytes: 44),
            ],
            summary.Layers);
    }

    [Fact]
    public void A_tied_weight_counts_in_each_layer_holding_it_but_once_in_the_totals()
    {
        var summary = ModelSummary.Of(new TiedNet());

        // encoder 9 + 3, decoder's own bias 3 (its weight is the encoder's), block 6 + 2 + 2 + 1.
        Assert.Equal(12 + 3 + 11, summary.TotalParameters);
        Assert.Equal([new SharedParameter("decoder.weight", "encoder.weight")], summary.Shared);
        Assert.Equal(summary.TotalParameters * 4, summary.TotalBytes);
    }

    [Fact]
    public void Frozen_parameters_are_counted_apart_from_trainable_ones()
    {
        var summary = ModelSummary.Of(new TiedNet(), maxDepth: 2);

        Assert.Equal(3, summary.NonTrainableParameters);
        Assert.Equal(23, summary.TrainableParameters);
        Assert.Equal(12, summary.NonTrainableBytes);
        Assert.Equal(92, summary.TrainableBytes);
        var frozen = summary.Layers.Single(l => l.Name == "block.frozen");
        Assert.Equal((3L, 0L, 3L), (frozen.Parameters, frozen.Trainable, frozen.NonTrainable));
    }

    [Fact]
    public void Bytes_follow_each_parameters_element_type_and_the_models_own_parameters_count_in_the_totals()
    {
        var summary = ModelSummary.Of(new MixedNet());

        Assert.Equal([6L * 4, 6L * 8], summary.Layers.Select(l => l.Bytes));
        Assert.Equal(6 + 6 + 4, summary.TotalParameters);
        Assert.Equal(6 * 4 + 6 * 8 + 4 * 4, summary.TotalBytes);
        Assert.Empty(summary.Shared);
    }

    [Theory]
    [InlineData(0, new string[0])]
    [InlineData(1, new[] { "encoder", "decoder", "block" })]
    [InlineData(2, new[] { "encoder", "decoder", "block", "block.inner", "block.relu", "block.frozen" })]
    [InlineData(-1, new[] { "encoder", "decoder", "block", "block.inner", "block.relu", "block.frozen" })]
    public void Max_depth_decides_the_layers_listed_never_the_totals(int maxDepth, string[] layers)
    {
        var summary = ModelSummary.Of(new TiedNet(), maxDepth);

        Assert.Equal(layers, summary.Layers.Select(l => l.Name));
        Assert.Equal(26, summary.TotalParameters);
    }

    [Fact]
    public void Nested_layers_have_their_dotted_names_and_depth()
    {
        var model = nn.Sequential(("body", nn.Sequential(("stage", nn.Sequential(("conv", nn.Linear(1, 1)))))));

        var summary = ModelSummary.Of(model, maxDepth: -1);

        Assert.Equal([("body", 1), ("body.stage", 2), ("body.stage.conv", 3)], summary.Layers.Select(l => (l.Name, l.Depth)));
        Assert.All(summary.Layers, l => Assert.Equal(2, l.Parameters));
    }

    [Fact]
    public void A_depth_below_minus_one_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelSummary.Of(new TiedNet(), maxDepth: -2));
    }

    [Fact]
    public void Prints_keras_totals_under_a_table_of_layers_in_plain_text()
    {
        var text = ModelSummary.Of(new TiedNet()).ToString();

        var expected = string.Join(Environment.NewLine,
            "Model: TiedNet",
            " Layer    Type        Params  Trainable",
            " --------------------------------------",
            " encoder  Linear          12         12",
            " decoder  Linear          12         12",
            " block    Sequential      11          8",
            " --------------------------------------",
            " Total params: 26 (104.00 B)",
            " Trainable params: 23 (92.00 B)",
            " Non-trainable params: 3 (12.00 B)",
            " decoder.weight is encoder.weight (counted once)",
            string.Empty);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Counts_have_thousands_separators_and_sizes_keras_units()
    {
        var model = nn.Sequential(("embedding", nn.Embedding(1000, 300)));

        var text = ModelSummary.Of(model).ToString();

        Assert.Contains(" embedding  Embedding  300,000    300,000", text);
        Assert.Contains(" Total params: 300,000 (1.14 MB)", text);
    }

    [Fact]
    public void Long_names_and_types_are_cut_to_fit_the_width_and_nothing_but_plain_characters_is_written()
    {
        var deep = nn.Sequential(("a_rather_long_name_for_a_stage_of_the_network", nn.Sequential(("and_an_even_longer_name_for_the_projection_inside_it", nn.Linear(2, 2)))));

        var lines = ModelSummary.Of(deep, maxDepth: -1).ToString().Split(Environment.NewLine);

        Assert.All(lines, line => Assert.True(line.Length <= 80, $"{line.Length} columns: {line}"));
        Assert.Contains(lines, line => line.StartsWith(" ...", StringComparison.Ordinal) && line.Contains("projection_inside_it"));
        Assert.All(lines, line => Assert.DoesNotContain(line, c => char.IsControl(c)));
    }

    [Fact]
    public void A_model_without_layers_prints_its_totals_alone()
    {
        var text = ModelSummary.Of(nn.Linear(2, 1), maxDepth: 3).ToString();

        Assert.Equal(
            string.Join(Environment.NewLine, "Model: Linear", " Total params: 3 (12.00 B)", " Trainable params: 3 (12.00 B)", " Non-trainable params: 0 (0.00 B)", string.Empty),
            text);
    }
}
