package dev.pedigree.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves test parameters of one type to a single resource shared by every test class of the run: started on first
 * use and kept in the root context's store, which closes it when the run ends. Subclasses say how to start it.
 */
public abstract class SharedResourceExtension<T> implements ParameterResolver {

    private final Class<T> type;

    protected SharedResourceExtension(Class<T> type) {
        this.type = type;
    }

    /** Starts the resource; called once per run. */
    protected abstract T start();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == type;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()))
                .getOrComputeIfAbsent(type, key -> start(), type);
    }
}
