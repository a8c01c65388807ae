/*
 * The variadic entry points of the OFX parameter and message suites.
 *
 * Rust cannot define C-variadic functions on stable, so these thin functions read the va_list
 * and forward plain arguments to callbacks that the Rust side installs once at start-up
 * (a callback table rather than exported Rust symbols, so that nothing leaks into the export
 * table of a binary that links this crate).
 */
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

typedef int OfxStatus;
#define STAT_OK 0
#define STAT_FAILED 1
#define STAT_ERR_MEMORY 8
#define STAT_ERR_VALUE 11

/* Largest number of values a parameter carries (RGBA). */
#define MAX_COMPONENTS 4

enum value_kind { KIND_DOUBLE = 0, KIND_INT = 1, KIND_STRING = 2 };
enum value_query { QUERY_VALUE = 0, QUERY_DERIVATIVE = 1, QUERY_INTEGRAL = 2 };

typedef struct ofxhost_callbacks {
    /* How a parameter's value travels through varargs: its kind and how many of them. */
    OfxStatus (*value_shape)(void *param, int *kind, int *count);
    /* Write the value (or derivative / integral) through the caller's pointers. */
    OfxStatus (*get_value)(void *param, int query, double time1, double time2, void **outputs,
                           int count);
    OfxStatus (*set_doubles)(void *param, const double *values, int count);
    OfxStatus (*set_ints)(void *param, const int *values, int count);
    OfxStatus (*set_string)(void *param, const char *value);
    /* A formatted message; persistent is 1 for setPersistentMessage. */
    OfxStatus (*post_message)(void *handle, const char *type, const char *id, const char *text,
                              int persistent);
} ofxhost_callbacks;

static _Atomic(const ofxhost_callbacks *) installed;

void ofxhost_install_callbacks(const ofxhost_callbacks *callbacks)
{
    atomic_store_explicit(&installed, callbacks, memory_order_release);
}

static const ofxhost_callbacks *callbacks(void)
{
    return atomic_load_explicit(&installed, memory_order_acquire);
}

static OfxStatus get_common(void *param, int query, double t1, double t2, va_list *args)
{
    const ofxhost_callbacks *cb = callbacks();
    int kind = 0, count = 0;
    OfxStatus status = cb->value_shape(param, &kind, &count);
    if (status != STAT_OK)
        return status;
    if (count < 1 || count > MAX_COMPONENTS)
        return STAT_ERR_VALUE;
    void *outputs[MAX_COMPONENTS] = {0};
    for (int i = 0; i < count; ++i)
        outputs[i] = va_arg(*args, void *);
    return cb->get_value(param, query, t1, t2, outputs, count);
}

static OfxStatus set_common(void *param, va_list *args)
{
    const ofxhost_callbacks *cb = callbacks();
    int kind = 0, count = 0;
    OfxStatus status = cb->value_shape(param, &kind, &count);
    if (status != STAT_OK)
        return status;
    if (count < 1 || count > MAX_COMPONENTS)
        return STAT_ERR_VALUE;
    switch (kind) {
    case KIND_DOUBLE: {
        double values[MAX_COMPONENTS];
        for (int i = 0; i < count; ++i)
            values[i] = va_arg(*args, double);
        return cb->set_doubles(param, values, count);
    }
    case KIND_INT: {
        int values[MAX_COMPONENTS];
        for (int i = 0; i < count; ++i)
            values[i] = va_arg(*args, int);
        return cb->set_ints(param, values, count);
    }
    case KIND_STRING:
        return cb->set_string(param, va_arg(*args, const char *));
    default:
        return STAT_ERR_VALUE;
    }
}

OfxStatus ofxhost_param_get_value(void *param, ...)
{
    va_list args;
    va_start(args, param);
    OfxStatus status = get_common(param, QUERY_VALUE, 0.0, 0.0, &args);
    va_end(args);
    return status;
}

OfxStatus ofxhost_param_get_value_at_time(void *param, double time, ...)
{
    va_list args;
    va_start(args, time);
    OfxStatus status = get_common(param, QUERY_VALUE, time, time, &args);
    va_end(args);
    return status;
}

OfxStatus ofxhost_param_get_derivative(void *param, double time, ...)
{
    va_list args;
    va_start(args, time);
    OfxStatus status = get_common(param, QUERY_DERIVATIVE, time, time, &args);
    va_end(args);
    return status;
}

OfxStatus ofxhost_param_get_integral(void *param, double time1, double time2, ...)
{
    va_list args;
    va_start(args, time2);
    OfxStatus status = get_common(param, QUERY_INTEGRAL, time1, time2, &args);
    va_end(args);
    return status;
}

OfxStatus ofxhost_param_set_value(void *param, ...)
{
    va_list args;
    va_start(args, param);
    OfxStatus status = set_common(param, &args);
    va_end(args);
    return status;
}

/* Values do not animate in this host, so setting at a time sets the value. */
OfxStatus ofxhost_param_set_value_at_time(void *param, double time, ...)
{
    va_list args;
    va_start(args, time);
    OfxStatus status = set_common(param, &args);
    va_end(args);
    return status;
}

static OfxStatus post(void *handle, const char *type, const char *id, const char *format,
                      va_list *args, int persistent)
{
    if (format == NULL)
        return callbacks()->post_message(handle, type, id, "", persistent);
    va_list measure;
    va_copy(measure, *args);
    int length = vsnprintf(NULL, 0, format, measure);
    va_end(measure);
    if (length < 0)
        return STAT_FAILED;
    char *text = malloc((size_t)length + 1);
    if (text == NULL)
        return STAT_ERR_MEMORY;
    vsnprintf(text, (size_t)length + 1, format, *args);
    OfxStatus status = callbacks()->post_message(handle, type, id, text, persistent);
    free(text);
    return status;
}

OfxStatus ofxhost_message(void *handle, const char *type, const char *id, const char *format, ...)
{
    va_list args;
    va_start(args, format);
    OfxStatus status = post(handle, type, id, format, &args, 0);
    va_end(args);
    return status;
}

OfxStatus ofxhost_set_persistent_message(void *handle, const char *type, const char *id,
                                         const char *format, ...)
{
    va_list args;
    va_start(args, format);
    OfxStatus status = post(handle, type, id, format, &args, 1);
    va_end(args);
    return status;
}
