using Declarative.Callbacks;
using Declarative.Tests.Support;

namespace Declarative.Tests.Callbacks;

/// <summary>TerminateOnNaN's decision on the running loss (keras-callbacks.md §2.6).</summary>
public class TerminateOnNaNTests
{
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void A_non_finite_loss_stops_training_with_keras_message(double loss)
    {
        var output = new StringWriter();
        using var session = Sessions.Create(output);
        var terminate = new TerminateOnNaN();
        terminate.OnTrainBegin(session);
        Assert.False(terminate.IsNonFinite(0, 0, 0.5));
        Assert.True(terminate.IsNonFinite(2, 7, loss));
        Assert.Equal((2, 7), terminate.TerminatedAt);
        Assert.Equal("Batch 7: Invalid loss, terminating training" + Environment.NewLine, output.ToString());
    }

    [Fact]
    public void With_raise_error_a_non_finite_loss_throws()
    {
        using var session = Sessions.Create();
        var terminate = new TerminateOnNaN(new() { RaiseError = true });
        terminate.OnTrainBegin(session);
        var error = Assert.Throws<NonFiniteLossException>(() => terminate.IsNonFinite(0, 3, double.NaN));
        Assert.Equal("NaN or Inf loss encountered at batch 3. Loss value: nan. Terminating training immediately.", error.Message);
    }
}
