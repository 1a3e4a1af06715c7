namespace Declarative;

/// <summary>What <c>Fit</c> prints while it trains (Keras's <c>verbose</c>).</summary>
public enum ProgressMode
{
    /// <summary>A live progress bar in a terminal; one line per epoch when the output is redirected (the default).</summary>
    Auto = 0,

    /// <summary>A live progress bar per epoch, with batch count, elapsed time, ETA and running metrics (Keras's <c>verbose=1</c>).</summary>
    Bar = 1,

    /// <summary>One plain line per epoch (Keras's <c>verbose=2</c>).</summary>
    Lines = 2,

    /// <summary>Nothing (Keras's <c>verbose=0</c>); callbacks' own verbose messages still print.</summary>
    Silent = 3,
}
