using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Declarative.Generators.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Declarative.CodeFixes;

/// <summary>DCB0012: makes the schedule method static.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MakeScheduleStaticCodeFix)), Shared]
public sealed class MakeScheduleStaticCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(DiagnosticDescriptors.ScheduleMethodNotStaticId);

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span) is not { } argument || model is null) return;
        if (argument.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type) return;
        if (model.GetConstantValue(argument.FirstAncestorOrSelf<AttributeArgumentSyntax>()?.Expression ?? (SyntaxNode)argument, context.CancellationToken).Value is not string name) return;

        var method = type.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.ValueText == name);
        if (method is null) return;
        context.RegisterCodeFix(
            CodeAction.Create(
                $"Make '{name}' static",
                _ => Task.FromResult(context.Document.WithSyntaxRoot(root.ReplaceNode(method, MakeStatic(method)))),
                nameof(MakeScheduleStaticCodeFix)),
            context.Diagnostics);
    }

    private static MethodDeclarationSyntax MakeStatic(MethodDeclarationSyntax method)
    {
        var token = SyntaxFactory.Token(SyntaxKind.StaticKeyword).WithTrailingTrivia(SyntaxFactory.Space);
        if (method.Modifiers.Count > 0) return method.AddModifiers(token);
        var type = method.ReturnType;
        return method.WithReturnType(type.WithLeadingTrivia()).WithModifiers(SyntaxFactory.TokenList(token.WithLeadingTrivia(type.GetLeadingTrivia())));
    }
}
