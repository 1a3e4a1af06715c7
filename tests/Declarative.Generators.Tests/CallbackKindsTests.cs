using Declarative.Generators.Callbacks;

namespace Declarative.Generators.Tests;

/// <summary>The table of callback kinds is the one place the generator learns about an attribute.</summary>
public class CallbackKindsTests
{
    [Fact]
    public void Every_attribute_of_the_runtime_library_makes_a_class_a_model()
    {
        var runtime = typeof(Declarative.Training.TrainingLoop).Assembly;
        var attributes = runtime.GetTypes()
            .Where(t => t.Namespace == "Declarative" && t.IsSubclassOf(typeof(Attribute)) && !t.IsAbstract)
            .Select(t => t.FullName!)
            .ToList();

        Assert.NotEmpty(attributes);
        Assert.All(attributes, name => Assert.True(
            CallbackKinds.ClassTriggers.Contains(name) || CallbackKinds.MethodTriggers.Contains(name),
            $"{name} is in no row of CallbackKinds.All, nor a metric: the generator would ignore it."));
    }

    [Fact]
    public void The_run_order_puts_learning_rate_setters_first_and_backups_last()
    {
        var kinds = CallbackKinds.All;
        var setters = kinds.Select((kind, index) => (kind, index)).Where(k => k.kind.SetsLearningRate).Select(k => k.index).ToList();

        Assert.Equal(["LearningRateScheduler", "ReduceLROnPlateau"], kinds.Where(k => k.SetsLearningRate).Select(k => k.Name));
        Assert.Equal(Enumerable.Range(0, setters.Count), setters);
        Assert.Equal("BackupAndRestore", kinds[^1].Name);
    }

    [Fact]
    public void Where_a_kind_is_declared_and_whether_it_repeats_come_from_its_attribute()
    {
        var kinds = CallbackKinds.All.ToDictionary(k => k.Name);

        Assert.True(kinds["EarlyStopping"].AllowMultiple);
        Assert.False(kinds["ReduceLROnPlateau"].AllowMultiple);
        Assert.True(kinds["Hooks"].OnMethods);
        Assert.Equal(14, kinds["Hooks"].Attributes.Count); // train (6), test (4) and predict (4) hooks
        Assert.False(kinds["CsvLogger"].OnMethods);
    }
}
