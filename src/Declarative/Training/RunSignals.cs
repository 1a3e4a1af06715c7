using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;

namespace Declarative.Training;

/// <summary>
/// A run's claim on SIGTERM and SIGINT, from its begin to its end (<see cref="SignalHandling"/>): the first signal
/// cancels the run's token, so the loop stops at its next batch boundary, and is kept from the process's other handlers
/// and its default (ending the process) until the run has stopped safely; a second one is passed on to them.
/// </summary>
/// <remarks>
/// .NET calls a signal's handlers newest first and stops at the first that keeps the process alive, so while a run holds
/// the signal, handlers registered before it (<c>Console.CancelKeyPress</c>, a Generic Host's) do not see it; they see
/// every signal again once the run's registration is disposed, at the run's end. Where a platform cannot register a
/// signal, the run simply does not hold it.
/// </remarks>
internal sealed class RunSignals : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Action _beforePassingOn;
    private readonly List<PosixSignalRegistration> _registrations = [];
    private bool _disposed;

    private RunSignals(CancellationTokenSource stop, Action beforePassingOn)
    {
        _stop = stop;
        _beforePassingOn = beforePassingOn;
    }

    /// <summary>The first signal the run received, or null.</summary>
    public PosixSignal? Received { get; private set; }

    /// <summary>Holds SIGTERM and SIGINT for a run, unless <paramref name="handling"/> is <see cref="SignalHandling.None"/> (then null).</summary>
    /// <param name="handling">What the run does with a signal.</param>
    /// <param name="stop">Cancelled by the first signal.</param>
    /// <param name="beforePassingOn">Runs before a second signal is passed on (it restores the terminal: the process is likely to end).</param>
    public static RunSignals? Hold(SignalHandling handling, CancellationTokenSource stop, Action beforePassingOn)
    {
        if (handling == SignalHandling.None) return null;
        var signals = new RunSignals(stop, beforePassingOn);
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            try
            {
                signals._registrations.Add(PosixSignalRegistration.Create(signal, signals.OnSignal));
            }
            catch (PlatformNotSupportedException)
            {
                // This platform cannot deliver it (a browser, some mobile targets): nothing to hold.
            }
        }

        return signals;
    }

    /// <summary>The exit code of a process ended by <paramref name="signal"/>, as shells report it: 128 + its number.</summary>
    public static int ExitCode(PosixSignal signal) => signal switch
    {
        PosixSignal.SIGINT => 130,
        PosixSignal.SIGTERM => 143,
        PosixSignal.SIGQUIT => 131,
        PosixSignal.SIGHUP => 129,
        _ => 1,
    };

    // On .NET's signal thread, possibly as the run ends.
    private void OnSignal(PosixSignalContext context)
    {
        lock (_registrations)
        {
            if (_disposed) return; // the run is over: the process's other handlers take it
            if (Received is null)
            {
                Received = context.Signal;
                context.Cancel = true;
                _stop.Cancel();
                return;
            }
        }

        _beforePassingOn();
    }

    /// <summary>Gives the signals back to the process's other handlers.</summary>
    public void Dispose()
    {
        lock (_registrations)
        {
            if (_disposed) return;
            _disposed = true;
        }

        foreach (var registration in _registrations) registration.Dispose();
    }
}
