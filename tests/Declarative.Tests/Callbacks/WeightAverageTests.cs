using Declarative.Callbacks;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Declarative.Tests.Callbacks;

/// <summary>
/// The average of a module's weights, driven without a training run: PyTorch's AveragedModel arithmetic (the first
/// update copies, then the exponential or the equal average), swaps that put the module's own weights back bit for bit,
/// and the averaged weights saved as <c>Module.save</c> writes them.
/// </summary>
public sealed class WeightAverageTests
{
    private static Linear Module(params float[] weightsAndBias)
    {
        var module = nn.Linear(2, 1);
        Set(module, weightsAndBias);
        return module;
    }

    // Weight (1×2) then bias.
    private static void Set(Linear module, params float[] values)
    {
        using var noGrad = no_grad();
        module.weight.copy_(tensor(values[..2]).reshape(1, 2));
        module.bias!.copy_(tensor(values[2..]));
    }

    private static float[] Values(Linear module) => [.. module.weight.data<float>(), .. module.bias!.data<float>()];

    private static float[] Averaged(WeightAverage average)
    {
        var state = average.ToStateDictionary();
        return [.. state["weight"].data<float>(), .. state["bias"].data<float>()];
    }

    [Fact]
    public void An_exponential_average_copies_the_weights_first_then_keeps_decay_of_itself_at_each_update()
    {
        using var module = Module(1, 2, 3);
        using var average = WeightAverage.Exponential(0.9);
        average.Attach(module);
        float[][] steps = [[1, 2, 3], [5, -2, 0], [0.5f, 4, -1]];
        var expected = new double[3];

        for (var i = 0; i < steps.Length; i++)
        {
            Set(module, steps[i]);
            average.Update();
            for (var j = 0; j < 3; j++) expected[j] = i == 0 ? steps[i][j] : 0.9 * expected[j] + (1 - 0.9) * steps[i][j];
            var actual = Averaged(average);
            for (var j = 0; j < 3; j++) Assert.Equal(expected[j], actual[j], 5);
        }

        Assert.Equal(3, average.Count);
        Assert.Equal([0.5f, 4, -1], Values(module)); // the module's own weights are untouched
    }

    [Fact]
    public void An_exponential_average_averages_batch_norm_statistics_and_copies_the_count_of_batches()
    {
        using var norm = nn.BatchNorm1d(2);
        using var average = WeightAverage.Exponential(0.5);
        average.Attach(norm);
        norm.train();

        norm.call(tensor(new float[,] { { 0, 0 }, { 2, 4 } }));
        average.Update();
        var first = norm.running_mean!.data<float>().ToArray();
        norm.call(tensor(new float[,] { { 10, 10 }, { 10, 10 } }));
        average.Update();

        var state = average.ToStateDictionary();
        var second = norm.running_mean!.data<float>().ToArray();
        Assert.Equal(first.Zip(second, (a, b) => 0.5f * a + 0.5f * b), state["running_mean"].data<float>().ToArray());
        Assert.Equal(2L, state["num_batches_tracked"].item<long>());
    }

    [Fact]
    public void An_equal_average_is_the_mean_of_the_weights_it_was_given_and_leaves_buffers_to_the_module()
    {
        using var module = Module(1, 2, 3);
        using var average = WeightAverage.Equal();
        average.Attach(module);
        float[][] steps = [[1, 2, 3], [4, -2, 0], [1, 3, -6]];

        foreach (var step in steps)
        {
            Set(module, step);
            average.Update();
        }

        var actual = Averaged(average);
        for (var j = 0; j < 3; j++) Assert.Equal(steps.Average(s => (double)s[j]), actual[j], 6);

        using var norm = nn.BatchNorm1d(2);
        using var ofNorm = WeightAverage.Equal();
        ofNorm.Attach(norm);
        ofNorm.Update();
        using (no_grad()) norm.running_mean!.fill_(7);
        Assert.Equal([7f, 7f], ofNorm.ToStateDictionary()["running_mean"].data<float>().ToArray());
    }

    [Fact]
    public void Nothing_is_swapped_in_before_the_first_update()
    {
        using var module = Module(1, 2, 3);
        using var average = WeightAverage.Exponential(0.9);
        average.Attach(module);

        Assert.False(average.SwapIn());
        Assert.False(average.IsSwappedIn);
        Assert.False(average.CopyToModule());
        Assert.Equal([1f, 2, 3], Values(module));
    }

    [Fact]
    public void A_swap_puts_the_average_in_and_the_modules_own_weights_back_bit_for_bit()
    {
        using var module = Module(1, 2, 3);
        using var average = WeightAverage.Exponential(0.75);
        average.Attach(module);
        average.Update();
        Set(module, 0.1f, 0.2f, 0.3f);
        average.Update();
        var own = Values(module);
        var averaged = Averaged(average);

        Assert.True(average.SwapIn());
        Assert.Equal(averaged, Values(module));
        Assert.Throws<InvalidOperationException>(average.Update);
        average.SwapOut();

        Assert.Equal(own, Values(module));
        Assert.Equal(averaged, Averaged(average));
        Assert.True(module.weight.requires_grad); // still the model's parameter, trained on after the pass
    }

    [Fact]
    public void The_averaged_weights_round_trip_exactly_and_load_into_a_model_as_ModuleSave_wrote_them()
    {
        using var module = Module(1, 2, 3);
        using var average = WeightAverage.Exponential(0.3);
        average.Attach(module);
        average.Update();
        Set(module, 0.7f, -0.1f, 1e-3f);
        average.Update();
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            average.SaveState(writer);
            average.SaveWeights(writer);
        }

        using var other = Module(0, 0, 0);
        using var restored = WeightAverage.Exponential(0.3);
        restored.Attach(other);
        saved.Position = 0;
        using (var reader = new BinaryReader(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            restored.LoadState(reader);
            using var weights = new MemoryStream(reader.ReadBytes((int)(saved.Length - saved.Position)));
            restored.LoadWeights(new BinaryReader(weights));
            weights.Position = 0;
            other.load(new BinaryReader(weights));
        }

        Assert.Equal(2, restored.Count);
        Assert.Equal(Averaged(average), Averaged(restored));
        Assert.Equal(Averaged(average), Values(other));
    }

    [Fact]
    public void No_weights_are_saved_before_the_first_update()
    {
        using var module = Module(1, 2, 3);
        using var average = WeightAverage.Exponential(0.5);
        average.Attach(module);
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true)) average.SaveWeights(writer);

        Assert.Equal(0, saved.Length);
        saved.Position = 0;
        average.LoadWeights(new BinaryReader(saved));
        Assert.Equal(0, average.Count);
    }
}
