// Shared by the runtime library and the source generator (linked into both), so it stays netstandard2.0-compatible.
#nullable enable

namespace Declarative;

/// <summary>How a monitoring callback decides that a value improved (Keras's <c>mode</c>).</summary>
public enum MonitorMode
{
    /// <summary>Take the direction from the monitored metric's declaration (resolved at compile time).</summary>
    Auto = 0,

    /// <summary>A smaller value is an improvement.</summary>
    Min = 1,

    /// <summary>A larger value is an improvement.</summary>
    Max = 2,
}
