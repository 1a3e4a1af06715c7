using System.Collections.Generic;
using System.Linq;
using Declarative.Generators.Diagnostics;
using Declarative.Generators.Helpers;
using Declarative.Generators.Models;
using Microsoft.CodeAnalysis;

namespace Declarative.Generators.Parsing;

/// <summary>
/// Reads how a model trains: its <c>[TrainingStep]</c> and <c>[ValidationStep]</c> methods, or, without them, the
/// default step its module's signature allows (tensor inputs and a tensor output); what a batch is and what a step
/// returns; and the optimizers a step that optimizes by hand takes.
/// </summary>
internal static class StepReader
{
    public static readonly string TrainingStep = typeof(TrainingStepAttribute).FullName!;
    public static readonly string ValidationStep = typeof(ValidationStepAttribute).FullName!;

    /// <summary>The step attributes, which make a class a model too.</summary>
    public static readonly string[] Attributes = [TrainingStep, ValidationStep];

    /// <summary>The attributes of how the loop runs backward and steps the optimizer, on the model class.</summary>
    public static readonly string[] GradientAttributes = [typeof(ClipGradientsAttribute).FullName!, typeof(AccumulateGradientsAttribute).FullName!];

    private const string StepResult = "Declarative.Training.StepResult";

    // The parameters of the generated Fit overloads and CreateDriver besides the optimizers and the inputs.
    private static readonly HashSet<string> FitParameters =
    [
        "train", "epochs", "validation", "initialEpoch", "progress", "output", "device", "cancellationToken", "hasValidation",
        "batchesPerEpoch", "loss", "inputs", "targets", "batchSize", "shuffle", "optimizer", "dispatcher", "v",
        "validationFrequency", "stepsPerEpoch", "validationSteps", "callbacks",
    ];

    /// <summary>How types appear in the specs and the generated code: <c>global::</c>-qualified, with C# keywords.</summary>
    public static readonly SymbolDisplayFormat Qualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>The model's steps; null when they cannot be used (the problems go to the context), or when the class is no module at all (DCB0002 says so).</summary>
    public static StepSpec? Read(INamedTypeSymbol type, ParseContext context)
    {
        var module = ModuleOf(type);
        var training = Steps(type, TrainingStep, context);
        var validation = Steps(type, ValidationStep, context);
        var gradients = Gradients(type, context, training?.FirstOrDefault());
        if (module is null) return null;
        if (training is null || validation is null || gradients is null) return null;

        if (training.Count == 0)
        {
            if (validation.Count > 0)
            {
                Report(context, validation[0], "a [ValidationStep] goes with a [TrainingStep] taking the same batch; the default step validates as it trains");
                return null;
            }

            return DefaultStep(type, module, context) is { } defaultStep ? defaultStep with { Gradients = gradients } : null;
        }

        var train = training[0];
        var batch = train.Parameters.FirstOrDefault();
        if (batch is null || batch.RefKind is not (RefKind.None or RefKind.In) || train.IsGenericMethod)
        {
            Report(context, train, "it takes the batch as its first parameter (a tuple, a type of your own, a DataLoader's dictionary or list), then the optimizers it steps itself, if any");
            return null;
        }

        var optimizers = new List<OptimizerSpec>();
        foreach (var parameter in train.Parameters.Skip(1))
        {
            if (parameter.RefKind != RefKind.None || !IsOptimizer(parameter.Type))
            {
                Report(context, train, $"after the batch it takes only optimizers (the ones it steps itself), and '{parameter.Name}' is a {parameter.Type.ToDisplayString()}");
                return null;
            }

            if ((FitParameters.Contains(parameter.Name) && parameter.Name != "optimizer") || Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(parameter.Name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
            {
                Report(context, train, $"Fit and CreateDriver take its optimizers by their parameters' names, and '{parameter.Name}' is {(FitParameters.Contains(parameter.Name) ? "another parameter of theirs" : "a C# keyword")}; rename the parameter (generator, discriminator, ...)");
                return null;
            }

            optimizers.Add(new OptimizerSpec(parameter.Type.ToDisplayString(Qualified), parameter.Name));
        }

        var result = Result(train, context);
        if (result is null) return null;

        IMethodSymbol? validate = validation.FirstOrDefault();
        if (validate is not null)
        {
            if (validate.Parameters.Length != 1 || validate.IsGenericMethod || validate.Parameters[0].RefKind is not (RefKind.None or RefKind.In)
                || !SymbolEqualityComparer.Default.Equals(validate.Parameters[0].Type, batch.Type))
            {
                Report(context, validate, $"it takes one batch of the training step's type, {batch.Type.ToDisplayString()}");
                return null;
            }

            if (Result(validate, context) is null) return null;
            if (!SymbolEqualityComparer.Default.Equals(validate.ReturnType, train.ReturnType))
            {
                Report(context, validate, $"it returns what the training step returns, {train.ReturnType.ToDisplayString()}");
                return null;
            }
        }

        var (shape, arity) = Shape(batch.Type);
        return new StepSpec(
            batch.Type.ToDisplayString(Qualified),
            shape,
            arity,
            EquatableArray<string>.Empty,
            train.Name,
            train.IsStatic,
            validate?.Name,
            validate?.IsStatic ?? false,
            result,
            optimizers.ToEquatableArray(),
            gradients,
            ForwardInputs(type, module));
    }

    // [ClipGradients] and [AccumulateGradients]: the loop applies them around the step, so not around one that optimizes by hand.
    private static GradientSettings? Gradients(INamedTypeSymbol type, ParseContext context, IMethodSymbol? train)
    {
        var manual = train is not null && train.Parameters.Skip(1).Any(p => IsOptimizer(p.Type));
        var gradients = GradientSettings.None;
        var valid = true;
        foreach (var attribute in type.GetAttributes())
        {
            var name = AttributeNames.Of(attribute);
            if (name is null || !GradientAttributes.Contains(name)) continue;
            var reader = new AttributeReader(attribute, type);
            if (!reader.IsBound) continue;
            if (manual)
            {
                context.Report(DiagnosticDescriptors.KnobWithManualOptimization, reader.Location, "[" + Name(name) + "]", train!.Name);
                valid = false;
                continue;
            }

            if (name == GradientAttributes[0])
            {
                var clipping = reader.Settings<ClipGradientsAttribute>();
                if (!Rules.InRange(reader, context, clipping)) valid = false;
                else
                {
                    var (description, code) = Rules.Describe(clipping);
                    gradients = gradients with
                    {
                        Clipping = Emitting.CallbackCode.Settings<ClipGradientsAttribute>(code),
                        ClippingDescription = description,
                        ClipByNorm = clipping.ByNorm,
                        ClipLimit = clipping.ByNorm ? clipping.MaxNorm : clipping.MaxValue,
                        NormType = clipping.NormType,
                        LogsNorm = clipping.LogNorm,
                    };
                }
            }
            else
            {
                var accumulation = reader.Settings<AccumulateGradientsAttribute>();
                if (!Rules.InRange(reader, context, accumulation)) valid = false;
                else gradients = gradients with { AccumulatedBatches = accumulation.Batches };
            }
        }

        return valid ? gradients : null;
    }

    /// <summary>The <c>[TrainingStep]</c> method, if the model has one (for messages).</summary>
    public static IMethodSymbol? TrainingStepOf(INamedTypeSymbol type) =>
        type.GetMembers().OfType<IMethodSymbol>().FirstOrDefault(m => m.GetAttributes().Any(a => AttributeNames.Is(a, TrainingStep)));

    // The default step: forward on the batch's tensors, then the loss of the output and the batch's last tensor.
    private static StepSpec? DefaultStep(INamedTypeSymbol type, INamedTypeSymbol module, ParseContext context)
    {
        var arguments = module.TypeArguments;
        if (!arguments.All(IsTensor))
        {
            context.Report(DiagnosticDescriptors.NoDefaultStep, () => type.Locations.FirstOrDefault(), type.Name, module.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat));
            return null;
        }

        var inputs = arguments.Length - 1;
        var names = inputs == 1 ? new List<string> { "Input" } : InputNames(type, inputs);
        var tensor = "global::TorchSharp.torch.Tensor";
        var batchType = "(" + string.Join(", ", names.Append("Target").Select(n => tensor + " " + n)) + ")";
        return new StepSpec(
            batchType,
            BatchShape.TensorTuple,
            inputs + 1,
            names.ToEquatableArray(),
            null,
            false,
            null,
            false,
            new ResultSpec(StepResult, IsLoss: false, HasOutputAndTarget: true, NullableOutput: false, Samples: null),
            EquatableArray<OptimizerSpec>.Empty,
            GradientSettings.None,
            names.ToEquatableArray());
    }

    // The names of forward's inputs, PascalCase, for the batch tuple and the tensors overloads. Where forward's own
    // cannot serve (the same twice, Target or a tuple's own ItemN, another parameter of Fit's), Input1, Input2, ... do.
    private static List<string> InputNames(INamedTypeSymbol type, int inputs)
    {
        var forward = type.GetMembers("forward").OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == inputs);
        var numbered = Enumerable.Range(0, inputs).Select(i => "Input" + (i + 1)).ToList();
        var named = forward is null ? numbered : forward.Parameters.Select(p => Naming.ToPascalCase(p.Name)).ToList();
        var usable = named.Distinct().Count() == named.Count
            && named.All(n => n.Length > 0 && n != "Target" && n != "Rest" && !(n.StartsWith("Item", System.StringComparison.Ordinal) && n.Substring(4).All(char.IsDigit))
                && !FitParameters.Contains(Naming.ToCamelCase(n)) && Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(Naming.ToCamelCase(n)) == Microsoft.CodeAnalysis.CSharp.SyntaxKind.None);
        return usable ? named : numbered;
    }

    // What Predict takes: forward's tensor inputs, when the module maps tensors to a tensor; none otherwise.
    private static EquatableArray<string> ForwardInputs(INamedTypeSymbol type, INamedTypeSymbol module)
    {
        var arguments = module.TypeArguments;
        if (!arguments.All(IsTensor)) return EquatableArray<string>.Empty;
        return (arguments.Length == 2 ? new List<string> { "Input" } : InputNames(type, arguments.Length - 1)).ToEquatableArray();
    }

    // The methods marked with one step attribute; null when there is more than one.
    private static List<IMethodSymbol>? Steps(INamedTypeSymbol type, string attribute, ParseContext context)
    {
        var steps = type.GetMembers().OfType<IMethodSymbol>().Where(m => m.GetAttributes().Any(a => AttributeNames.Is(a, attribute))).ToList();
        if (steps.Count <= 1) return steps;
        Report(context, steps[1], $"the model already has a [{Name(attribute)}] method, '{steps[0].Name}'; keep one");
        return null;
    }

    // What a step returns: the loss itself, or a type with a Loss tensor (and maybe Output, Target and Samples).
    private static ResultSpec? Result(IMethodSymbol step, ParseContext context)
    {
        var type = step.ReturnType;
        var attribute = Name(step.GetAttributes().Select(AttributeNames.Of).First(n => n is not null && Attributes.Contains(n))!);
        if (IsTensor(type)) return new ResultSpec(type.ToDisplayString(Qualified), IsLoss: true, HasOutputAndTarget: false, NullableOutput: false, Samples: null);
        if (!IsTensor(MemberType(type, "Loss")))
        {
            context.Report(DiagnosticDescriptors.StepReturnsNoLoss, () => step.Locations.FirstOrDefault(), attribute, step.Name, step.ReturnsVoid ? "nothing" : type.ToDisplayString());
            return null;
        }

        var isStepResult = type.ToDisplayString() == StepResult;
        var samples = isStepResult ? "Weight" : MemberType(type, "Samples")?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 ? "Samples" : null;
        var hasOutputAndTarget = IsTensor(MemberType(type, "Output")) && IsTensor(MemberType(type, "Target"));
        return new ResultSpec(type.ToDisplayString(Qualified), IsLoss: false, hasOutputAndTarget, NullableOutput: isStepResult, samples);
    }

    private static (BatchShape Shape, int Arity) Shape(ITypeSymbol batch)
    {
        if (IsTensor(batch)) return (BatchShape.Tensor, 0);
        if (batch is INamedTypeSymbol { IsTupleType: true } tuple && tuple.TupleElements.All(e => IsTensor(e.Type))) return (BatchShape.TensorTuple, tuple.TupleElements.Length);
        var definition = (batch as INamedTypeSymbol)?.OriginalDefinition.ToDisplayString();
        var arguments = (batch as INamedTypeSymbol)?.TypeArguments ?? System.Collections.Immutable.ImmutableArray<ITypeSymbol>.Empty;
        if (definition == "System.Collections.Generic.Dictionary<TKey, TValue>" && arguments[0].SpecialType == SpecialType.System_String && IsTensor(arguments[1])) return (BatchShape.Dictionary, 0);
        if (definition is "System.Collections.Generic.IList<T>" or "System.Collections.Generic.List<T>" or "System.Collections.Generic.IReadOnlyList<T>" && IsTensor(arguments[0])) return (BatchShape.TensorList, 0);
        if (batch is IArrayTypeSymbol array && IsTensor(array.ElementType)) return (BatchShape.TensorList, 0);
        var movable = batch.GetMembers("To").OfType<IMethodSymbol>().Any(m =>
            !m.IsStatic && m.Parameters.Length == 1 && TorchSharpTypes.IsDevice(m.Parameters[0].Type) && SymbolEqualityComparer.Default.Equals(m.ReturnType, batch));
        return (movable ? BatchShape.Movable : BatchShape.Other, 0);
    }

    /// <summary>The TorchSharp module base of a type (<c>Module&lt;T1, ..., TResult&gt;</c>), or null.</summary>
    public static INamedTypeSymbol? ModuleOf(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (TorchSharpTypes.IsGenericModule(current)) return current;
        }

        return null;
    }

    private static ITypeSymbol? MemberType(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                if (member.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Internal) || member.IsStatic) continue;
                if (member is IPropertySymbol property) return property.Type;
                if (member is IFieldSymbol field) return field.Type;
            }
        }

        return null;
    }

    private static bool IsOptimizer(ITypeSymbol type) => TorchSharpTypes.IsOptimizer(type);

    private static bool IsTensor(ITypeSymbol? type) => TorchSharpTypes.IsTensor(type);

    private static string Name(string attribute) => SettingsText.Name(attribute.Substring(attribute.LastIndexOf('.') + 1));

    private static void Report(ParseContext context, IMethodSymbol method, string problem)
    {
        var attribute = method.GetAttributes().Select(AttributeNames.Of).FirstOrDefault(n => n is not null && Attributes.Contains(n)) ?? TrainingStep;
        context.Report(DiagnosticDescriptors.StepSignature, () => method.Locations.FirstOrDefault(), Name(attribute), method.Name, problem);
    }
}
