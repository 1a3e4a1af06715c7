using System;
using Declarative.Callbacks;
using static TorchSharp.torch;

namespace Declarative.Metrics;

/// <summary>
/// <c>[AUC]</c>, as Keras's <c>AUC</c>: a Riemann sum over the thresholds of the epoch's counts (see
/// <see cref="ThresholdCounts"/>), thresholds at -ε, 1 / (N - 1), ..., (N - 2) / (N - 1), 1 + ε. ROC: recall against the
/// false positive rate; PR with interpolation: Davis and Goadrich's interpolation of precision between thresholds
/// (Keras's <c>interpolate_pr_auc</c>); PR otherwise: precision against recall.
/// </summary>
public sealed class Auc : ThresholdCounts
{
    /// <summary>Creates the metric from its attribute, on <paramref name="device"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Auc(AUCAttribute settings, Device device) : base(CallbackSettings.Checked(settings).NumThresholds, firstThresholdBelowZero: true, settings.FromLogits, device) => Settings = settings;

    /// <summary>Its settings.</summary>
    public AUCAttribute Settings { get; }

    /// <inheritdoc/>
    protected override double Value(double[] truePositives, double[] falsePositives, double[] trueNegatives, double[] falseNegatives)
    {
        if (Settings.Curve == AucCurve.PR && Settings.SummationMethod == AucSummation.Interpolation)
            return InterpolatedPrecisionRecallArea(truePositives, falsePositives, falseNegatives);

        var n = Thresholds;
        var (x, y) = (new double[n], new double[n]);
        for (var j = 0; j < n; j++)
        {
            var recall = DivideNoNan(truePositives[j], truePositives[j] + falseNegatives[j]);
            (x[j], y[j]) = Settings.Curve == AucCurve.ROC
                ? (DivideNoNan(falsePositives[j], falsePositives[j] + trueNegatives[j]), recall)
                : (recall, DivideNoNan(truePositives[j], truePositives[j] + falsePositives[j]));
        }

        var area = 0.0;
        for (var j = 0; j < n - 1; j++)
        {
            var height = Settings.SummationMethod switch
            {
                AucSummation.Minoring => Math.Min(y[j], y[j + 1]),
                AucSummation.Majoring => Math.Max(y[j], y[j + 1]),
                _ => (y[j] + y[j + 1]) / 2,
            };
            area += (x[j] - x[j + 1]) * height;
        }

        return area;
    }

    // Keras's interpolate_pr_auc: between two thresholds precision is interpolated along the true positives (Davis & Goadrich 2006).
    private double InterpolatedPrecisionRecallArea(double[] truePositives, double[] falsePositives, double[] falseNegatives)
    {
        var area = 0.0;
        for (var j = 0; j < Thresholds - 1; j++)
        {
            var (predicted, nextPredicted) = (truePositives[j] + falsePositives[j], truePositives[j + 1] + falsePositives[j + 1]);
            var truePositiveStep = truePositives[j] - truePositives[j + 1];
            var slope = DivideNoNan(truePositiveStep, Math.Max(predicted - nextPredicted, 0));
            var intercept = truePositives[j + 1] - slope * nextPredicted;
            var ratio = predicted > 0 && nextPredicted > 0 ? DivideNoNan(predicted, Math.Max(nextPredicted, 0)) : 1;
            area += DivideNoNan(slope * (truePositiveStep + intercept * Math.Log(ratio)), Math.Max(truePositives[j + 1] + falseNegatives[j + 1], 0));
        }

        return area;
    }
}
