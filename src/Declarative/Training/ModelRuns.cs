using System;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// A model is in one run at a time (Fit, a driver's run, Evaluate, Predict): its weights, its gradients and its train or
/// eval mode are shared, so two threads using it at once corrupt each other's work (libtorch then fails mid-run, or
/// worse, does not). A call on another thread while one is under way is refused at once, saying so; the same thread may
/// nest calls (an epoch hook that evaluates the model), which run one after the other.
/// </summary>
internal static class ModelRuns
{
    private static readonly ConditionalWeakTable<nn.Module, Entry> Running = new();

    /// <summary>Marks <paramref name="model"/> as in <paramref name="call"/> on this thread until the result is disposed.</summary>
    /// <exception cref="InvalidOperationException">Another thread is using the model.</exception>
    public static Claim Enter(nn.Module model, string call)
    {
        var thread = Environment.CurrentManagedThreadId;
        lock (Running)
        {
            if (Running.TryGetValue(model, out var entry))
            {
                if (entry.Thread != thread)
                    throw new InvalidOperationException(
                        $"This {model.GetType().Name} is already in {entry.Call} on another thread; {call} on it now would train, evaluate or switch the mode of " +
                        "the same weights at once. Wait for that call to return, or give each thread a model of its own (a new instance, with the weights loaded).");
                entry.Depth++;
            }
            else
            {
                Running.Add(model, new Entry(thread, call));
            }
        }

        return new Claim(model);
    }

    private static void Leave(nn.Module model)
    {
        lock (Running)
        {
            if (Running.TryGetValue(model, out var entry) && --entry.Depth == 0) Running.Remove(model);
        }
    }

    /// <summary>The model's claim by one call; disposing it more than once leaves once.</summary>
    internal sealed class Claim(nn.Module model) : IDisposable
    {
        private nn.Module? _model = model;

        public void Dispose()
        {
            if (_model is { } model) Leave(model);
            _model = null;
        }
    }

    private sealed class Entry(int thread, string call)
    {
        public int Thread { get; } = thread;

        public string Call { get; } = call;

        public int Depth { get; set; } = 1;
    }
}
