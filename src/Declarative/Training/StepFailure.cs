using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using static TorchSharp.torch;

namespace Declarative.Training;

/// <summary>
/// Explains a step's failure in the user's terms: libtorch reports a dtype or shape mistake as a long C++ trace, which
/// says neither which batch it was nor what the batch held. Runs only once a step has thrown, so it may reflect.
/// </summary>
internal static class StepFailure
{
    /// <summary>
    /// Whether a step's exception is libtorch's (TorchSharp raises its errors as <see cref="System.Runtime.InteropServices.ExternalException"/>):
    /// those are explained; an exception the user's own code throws propagates as it is.
    /// </summary>
    public static bool Explains(Exception exception) => exception is System.Runtime.InteropServices.ExternalException;

    /// <summary>The exception that explains a step's failure; <paramref name="epoch"/> is null outside Fit (Evaluate, Predict).</summary>
    public static TrainingStepException Explain(Exception exception, string pass, int? epoch, int batch, object? data)
    {
        var first = exception.Message.Split('\n', 2)[0].Trim();
        var where = epoch is int e ? $"at epoch {e + 1} (0-based {e}), batch {batch + 1}" : $"at batch {batch + 1}";
        var message = $"The {pass} step failed {where}: {first}" +
                      $"{Environment.NewLine}The batch held: {Describe(data)}." + Hint(exception.Message) +
                      $"{Environment.NewLine}Nothing was written or deleted because of this failure; libtorch's report is the inner exception.";
        return new TrainingStepException(message, exception);
    }

    /// <summary>What a batch holds: each tensor's shape, dtype and device, named where the batch names them.</summary>
    public static string Describe(object? data) => data switch
    {
        null => "nothing",
        Tensor tensor => Describe(tensor),
        ITuple tuple => string.Join(", ", Enumerable.Range(0, tuple.Length).Select(i => $"item {i + 1}: {Describe(tuple[i])}")),
        IDictionary<string, Tensor> dictionary => string.Join(", ", dictionary.Select(entry => $"{entry.Key}: {Describe(entry.Value)}")),
        IEnumerable<Tensor> tensors => string.Join(", ", tensors.Select((t, i) => $"[{i}]: {Describe(t)}")),
        _ => Members(data),
    };

    private static string Describe(Tensor tensor) => $"[{string.Join(", ", tensor.shape)}] {tensor.dtype} on {tensor.device}";

    // A batch of the user's own type: its tensor properties and fields.
    private static string Members(object data)
    {
        var type = data.GetType();
        var tensors = type.GetProperties().Where(p => p.PropertyType == typeof(Tensor) && p.GetIndexParameters().Length == 0).Select(p => (p.Name, Value: p.GetValue(data)))
            .Concat(type.GetFields().Where(f => f.FieldType == typeof(Tensor)).Select(f => (f.Name, Value: f.GetValue(data))))
            .ToList();
        return tensors.Count == 0 ? $"a {type.Name}" : $"a {type.Name}: " + string.Join(", ", tensors.Select(t => $"{t.Name}: {Describe(t.Value)}"));
    }

    // What to change, for the mistakes users make most.
    private static string Hint(string message)
    {
        var text = message.ToLowerInvariant();
        string? hint =
            text.Contains("expected scalar type long") || (text.Contains("expected") && text.Contains("long") && text.Contains("float"))
                ? "CrossEntropyLoss and NLLLoss take class indices as Int64 targets (targets.to_type(ScalarType.Int64)), or class probabilities as floats of the output's shape."
            : text.Contains("out of bounds") || text.Contains("index out of range") || text.Contains("target") && text.Contains("out of")
                ? "A class index is outside 0 to classes - 1: the model's last layer must output one value per class, and the targets must count classes from 0."
            // Before the shape case: libtorch words a dtype mismatch in a linear layer as "mat1 and mat2 must have the same dtype".
            : text.Contains("dtype") || text.Contains("scalar type")
                ? "The batch's dtype does not match the model's: inputs are usually Float32 (inputs.to_type(ScalarType.Float32)), as a model's weights are unless it was converted (a model.to(ScalarType.Float64) takes Float64 inputs)."
            : text.Contains("shapes cannot be multiplied") || text.Contains("mat1 and mat2")
                ? "The input's last dimension does not match the first layer's input size: check the data's features against the model's first layer."
            : text.Contains("must match the size") || text.Contains("size of tensor") || text.Contains("broadcast")
                ? "The output's and the target's shapes disagree: a regression target of shape [N] against an output of [N, 1] needs targets.unsqueeze(1) (or the output squeezed)."
            : text.Contains("expected all tensors to be on the same device") || text.Contains("device")
                ? "Tensors are on different devices: move the model first, create the optimizer after, and pass device: to Fit so that each batch follows."
            : null;
        return hint is null ? string.Empty : Environment.NewLine + "Hint: " + hint;
    }
}
