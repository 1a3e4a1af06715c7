// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative.Metrics;

/// <summary>Why a monitor has no usable direction.</summary>
internal enum DirectionProblem
{
    None,

    /// <summary>Mode is Auto and the metric declares no direction (DCB0006).</summary>
    NotDeclared,

    /// <summary>Mode asks for the opposite of the metric's declared direction (DCB0005).</summary>
    ContradictsDeclaration,

    /// <summary>Mode is not one of MonitorMode's values (DCB0015).</summary>
    InvalidMode,
}

/// <summary>
/// What an improvement is for a monitored metric: the direction its declaration gives, or the one a callback's
/// <see cref="MonitorMode"/> asks for. The generator applies these rules at compile time (DCB0005, DCB0006), and the
/// runtime callbacks apply them again when they are constructed in code.
/// </summary>
internal static class MetricDirections
{
    /// <summary>The direction a callback compares in: the metric's declared one for Auto, else the mode's; null when neither works.</summary>
    public static MetricDirection? Resolve(MonitorMode mode, MetricDirection declared, out DirectionProblem problem)
    {
        problem = DirectionProblem.None;
        if (mode == MonitorMode.Auto)
        {
            if (declared != MetricDirection.Unknown) return declared;
            problem = DirectionProblem.NotDeclared;
            return null;
        }

        if (mode != MonitorMode.Min && mode != MonitorMode.Max)
        {
            problem = DirectionProblem.InvalidMode;
            return null;
        }

        var requested = Of(mode);
        if (declared == MetricDirection.Unknown || declared == requested) return requested;
        problem = DirectionProblem.ContradictsDeclaration;
        return null;
    }

    /// <summary>The direction an explicit mode asks for.</summary>
    public static MetricDirection Of(MonitorMode mode) => mode == MonitorMode.Min ? MetricDirection.Minimize : MetricDirection.Maximize;

    /// <summary>What is wrong, in a sentence, for errors at run time (the compiler reports the same as DCB0005/DCB0006).</summary>
    public static string Explain(DirectionProblem problem, MonitorMode mode, MetricDirection declared, string metric) => problem switch
    {
        DirectionProblem.NotDeclared => $"'{metric}' does not declare whether smaller or larger is better, so Mode = Auto cannot decide what an improvement is; set Mode = MonitorMode.Min or MonitorMode.Max.",
        DirectionProblem.ContradictsDeclaration => $"Mode = MonitorMode.{mode} treats {(Of(mode) == MetricDirection.Minimize ? "a smaller" : "a larger")} '{metric}' as an improvement, but '{metric}' is declared to {Verb(declared)}; remove Mode or monitor another metric.",
        DirectionProblem.InvalidMode => $"Mode = {(int)mode} is not a MonitorMode; use MonitorMode.Auto, Min or Max.",
        _ => string.Empty,
    };

    /// <summary>"lower is better", "higher is better".</summary>
    public static string Describe(MetricDirection direction) => direction switch
    {
        MetricDirection.Minimize => "lower is better",
        MetricDirection.Maximize => "higher is better",
        _ => "direction not declared",
    };

    /// <summary>"minimize", "maximize", "no direction".</summary>
    public static string Verb(MetricDirection direction) => direction switch
    {
        MetricDirection.Minimize => "minimize",
        MetricDirection.Maximize => "maximize",
        _ => "no direction",
    };
}
