using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Declarative.Generators.Emitting;
using Declarative.Generators.Models;
using Declarative.Generators.Parsing;

namespace Declarative.Generators.Callbacks;

/// <summary>How a kind of callback touches its optimizer's learning rate, which decides what it may share it with (DCB0017).</summary>
internal enum LearningRateUse
{
    /// <summary>It does not.</summary>
    None,

    /// <summary>It sets the rate to values of its own: nothing else may touch the same optimizer's rate, or one would undo the other.</summary>
    Sets,

    /// <summary>
    /// It multiplies the rate it finds (ReduceLROnPlateau's reductions, LinearSchedule's chained factors): two such
    /// compose, each keeping what the other did, as PyTorch's chainable schedulers do.
    /// </summary>
    Multiplies,
}

/// <summary>
/// One kind of callback, as a row of <see cref="CallbackKinds.All"/>: the attributes that declare it, how it is read
/// (attribute to validated spec, reporting what is wrong) and emitted (spec to the code and plan of its steps), and
/// how it touches the learning rate. Where it may be declared and whether it may repeat are the attribute's own
/// <see cref="AttributeUsageAttribute"/>.
/// </summary>
internal sealed class CallbackKind
{
    private readonly Func<AttributeReader, ReadContext, CallbackSpec?> _read;
    private readonly Func<CallbackSpec, ModelSpec, CallbackCode> _emit;

    private CallbackKind(string name, Type[] attributes, string? runtimeType, Type spec, Func<AttributeReader, ReadContext, CallbackSpec?> read, Func<CallbackSpec, ModelSpec, CallbackCode> emit, LearningRateUse learningRate)
    {
        var usage = attributes[0].GetCustomAttribute<AttributeUsageAttribute>()!;
        Name = name;
        Attributes = attributes.Select(a => a.FullName!).ToArray();
        OnMethods = usage.ValidOn == AttributeTargets.Method;
        AllowMultiple = usage.AllowMultiple;
        LearningRate = learningRate;
        RuntimeType = runtimeType;
        Spec = spec;
        _read = read;
        _emit = emit;
    }

    /// <summary>The attribute's name as written (<c>EarlyStopping</c>), or the name of the kind declared by several.</summary>
    public string Name { get; }

    /// <summary>The metadata names of the attributes that declare it (one, but for the hook attributes).</summary>
    public IReadOnlyList<string> Attributes { get; }

    /// <summary>Whether it is declared on the model's methods rather than on the class.</summary>
    public bool OnMethods { get; }

    /// <summary>Whether a model may declare it more than once.</summary>
    public bool AllowMultiple { get; }

    /// <summary>Its place in the run order (its row in <see cref="CallbackKinds.All"/>).</summary>
    public int Order => System.Array.IndexOf(CallbackKinds.All, this);

    /// <summary>How it touches the optimizer's learning rate (DCB0017 decides from it which callbacks may share an optimizer).</summary>
    public LearningRateUse LearningRate { get; }

    /// <summary>Whether it sets the optimizer's learning rate at all (learning-rate callbacks run first).</summary>
    public bool SetsLearningRate => LearningRate != LearningRateUse.None;

    /// <summary>Whether it and <paramref name="other"/> would undo each other on a shared optimizer: unless both multiply the rate they find.</summary>
    public bool ConflictsWith(CallbackKind other) =>
        SetsLearningRate && other.SetsLearningRate && !(LearningRate == LearningRateUse.Multiplies && other.LearningRate == LearningRateUse.Multiplies);

    /// <summary>
    /// The metadata name of its runtime type in the runtime library (<c>Declarative.Callbacks.EarlyStopping`2</c>), whose hook
    /// interfaces decide the hooks the dispatcher calls; null when the type is the user's (read from the attribute).
    /// </summary>
    public string? RuntimeType { get; }

    /// <summary>The type of its specs.</summary>
    public Type Spec { get; }

    /// <summary>
    /// Reads one application of its attribute; null when it is invalid (the problems go to the context). A built-in
    /// callback's spec gets the hooks of its runtime type, which the runtime library the attribute comes from defines.
    /// </summary>
    public CallbackSpec? Read(AttributeReader attribute, ReadContext context)
    {
        var spec = _read(attribute, context);
        if (spec is null || RuntimeType is null) return spec;
        var library = attribute.Data.AttributeClass?.ContainingAssembly;
        return library is not null && RuntimeFacts.CallbackType(library, RuntimeType) is var (hooks, persistent) ? spec with { Hooks = hooks, IsPersistent = persistent } : spec;
    }

    /// <summary>The code and plan of one of its callbacks.</summary>
    public CallbackCode Emit(CallbackSpec spec, ModelSpec model) => _emit(spec, model);

    /// <summary>A kind declared by <typeparamref name="TAttribute"/>, whose callback is <paramref name="runtimeType"/> (null: the user's type).</summary>
    public static CallbackKind Of<TAttribute, TSpec>(
        string? runtimeType, Func<AttributeReader, ReadContext, TSpec?> read, Func<TSpec, ModelSpec, CallbackCode> emit, LearningRateUse learningRate = LearningRateUse.None)
        where TAttribute : Attribute
        where TSpec : CallbackSpec =>
        new(SettingsText.Name(typeof(TAttribute).Name), [typeof(TAttribute)], runtimeType, typeof(TSpec), read, (spec, model) => emit((TSpec)spec, model), learningRate);

    /// <summary>A kind declared by any of several attributes (the hook methods).</summary>
    public static CallbackKind Of<TSpec>(
        string name, Type[] attributes, Func<AttributeReader, ReadContext, TSpec?> read, Func<TSpec, ModelSpec, CallbackCode> emit)
        where TSpec : CallbackSpec =>
        new(name, attributes, runtimeType: null, typeof(TSpec), read, (spec, model) => emit((TSpec)spec, model), LearningRateUse.None);
}
