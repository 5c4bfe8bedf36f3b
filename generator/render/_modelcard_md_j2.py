from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'modelcard.md.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_begin = resolve('begin')
    l_0_end = resolve('end')
    l_0_free_sections = missing
    try:
        t_1 = environment.filters['heading']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'heading' found.")
    try:
        t_2 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    def macro(l_1_position):
        t_3 = []
        l_1_sections_at = resolve('sections_at')
        if l_1_position is missing:
            l_1_position = undefined("parameter 'position' was not provided", name='position')
        pass
        def t_4(fiter):
            for l_2_section in fiter:
                if t_2(environment.getattr(l_2_section, 'content')):
                    yield l_2_section
        for l_2_section in t_4(context.call((undefined(name='sections_at') if l_1_sections_at is missing else l_1_sections_at), l_1_position)):
            l_2_h = resolve('h')
            _loop_vars = {}
            pass
            t_3.extend((
                str(context.call((undefined(name='h') if l_2_h is missing else l_2_h), environment.getattr(l_2_section, 'level'), _loop_vars=_loop_vars)),
                ' ',
                str(t_1(environment.getattr(l_2_section, 'title'))),
                '\n\n',
                str(environment.getattr(l_2_section, 'content')),
                '\n\n',
            ))
        l_2_section = l_2_h = missing
        return concat(t_3)
    context.exported_vars.add('free_sections')
    context.vars['free_sections'] = l_0_free_sections = Macro(environment, macro, 'free_sections', ('position',), False, False, False, context.eval_ctx.autoescape)
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'header'))
    yield '\n'
    yield from context.blocks['header'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'header'))
    yield '\n'
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'details'))
    yield '\n'
    yield from context.blocks['details'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'details'))
    yield '\n'
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'uses'))
    yield '\n'
    yield from context.blocks['uses'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'uses'))
    yield '\n'
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'training'))
    yield '\n'
    yield from context.blocks['training'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'training'))
    yield '\n'
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'evaluation'))
    yield '\n'
    yield from context.blocks['evaluation'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'evaluation'))
    yield '\n'
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'end'))
    yield '\n'
    yield from context.blocks['end'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'end'))
    yield '\n'
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'citation'))
    yield '\n'
    yield from context.blocks['citation'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'citation'))
    yield '\n'
    yield str(context.call((undefined(name='begin') if l_0_begin is missing else l_0_begin), 'original'))
    yield '\n'
    yield from context.blocks['original'][0](context)
    yield str(context.call((undefined(name='end') if l_0_end is missing else l_0_end), 'original'))
    yield '\n'

def block_header(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_model = resolve('model')
    l_0_h = resolve('h')
    l_0_placed = resolve('placed')
    l_0_free_sections = resolve('free_sections')
    try:
        t_5 = environment.filters['esc']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'esc' found.")
    try:
        t_6 = environment.filters['heading_end']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'heading_end' found.")
    try:
        t_7 = environment.filters['url']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'url' found.")
    try:
        t_8 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_8(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'image_url'):
        pass
        yield '!['
        yield str(t_5((environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name') if t_8(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'image_alt')) else environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'image_alt'))))
        yield ']('
        yield str(t_7(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'image_url')))
        yield ')\n\n'
    if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'):
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 1, _block_vars=_block_vars))
        yield ' '
        yield str(t_6(t_5(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'name'))))
        yield '\n\n'
    if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'summary'):
        pass
        yield str(environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'summary'))
        yield '\n\n'
    if ('summary' in (undefined(name='placed') if l_0_placed is missing else l_0_placed)):
        pass
        yield str(context.call((undefined(name='free_sections') if l_0_free_sections is missing else l_0_free_sections), 'summary', _block_vars=_block_vars))

def block_details(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_details = resolve('details')
    l_0_model = resolve('model')
    l_0_h = resolve('h')
    l_0_joining = resolve('joining')
    l_0_joined = resolve('joined')
    l_0_placed = resolve('placed')
    l_0_free_sections = resolve('free_sections')
    try:
        t_9 = environment.filters['bare_url']
    except KeyError:
        @internalcode
        def t_9(*unused):
            raise TemplateRuntimeError("No filter named 'bare_url' found.")
    try:
        t_5 = environment.filters['esc']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'esc' found.")
    try:
        t_10 = environment.filters['fact']
    except KeyError:
        @internalcode
        def t_10(*unused):
            raise TemplateRuntimeError("No filter named 'fact' found.")
    try:
        t_11 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    pass
    if ((undefined(name='details') if l_0_details is missing else l_0_details) or environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'links')):
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 2, _block_vars=_block_vars))
        yield ' Model details\n\n'
        if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
            pass
            yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Model details', True, (t_11((undefined(name='details') if l_0_details is missing else l_0_details)) > 0), _block_vars=_block_vars))
        for (l_1_label, l_1_value) in (undefined(name='details') if l_0_details is missing else l_0_details):
            _loop_vars = {}
            pass
            yield '- **'
            yield str(t_5(l_1_label))
            yield ':**'
            yield str(t_10(l_1_value))
            yield '\n'
        l_1_label = l_1_value = missing
        if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
            pass
            yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Model details', False, (t_11((undefined(name='details') if l_0_details is missing else l_0_details)) > 0), _block_vars=_block_vars))
        if environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'links'):
            pass
            yield '\n'
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _block_vars=_block_vars))
            yield ' Model sources\n\n'
            for (l_1_label, l_1_url) in environment.getattr((undefined(name='model') if l_0_model is missing else l_0_model), 'links'):
                _loop_vars = {}
                pass
                yield '- **'
                yield str(t_5(l_1_label))
                yield ':** '
                yield str(t_9(l_1_url))
                yield '\n'
            l_1_label = l_1_url = missing
        yield '\n'
    if ('details' in (undefined(name='placed') if l_0_placed is missing else l_0_placed)):
        pass
        yield str(context.call((undefined(name='free_sections') if l_0_free_sections is missing else l_0_free_sections), 'details', _block_vars=_block_vars))

def block_uses(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_usage = resolve('usage')
    l_0_h = resolve('h')
    l_0_usage_heading = resolve('usage_heading')
    l_0_joining = resolve('joining')
    l_0_joined = resolve('joined')
    l_0_generation = resolve('generation')
    l_0_generation_heading = resolve('generation_heading')
    l_0_generation_intro = resolve('generation_intro')
    l_0_placed = resolve('placed')
    l_0_free_sections = resolve('free_sections')
    pass
    if (undefined(name='usage') if l_0_usage is missing else l_0_usage):
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 2, _block_vars=_block_vars))
        yield ' '
        yield str((undefined(name='usage_heading') if l_0_usage_heading is missing else l_0_usage_heading))
        yield '\n\n'
        if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
            pass
            yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), (undefined(name='usage_heading') if l_0_usage_heading is missing else l_0_usage_heading), _block_vars=_block_vars))
        yield str((undefined(name='usage') if l_0_usage is missing else l_0_usage))
        yield '\n\n'
        if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
            pass
            yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), (undefined(name='usage_heading') if l_0_usage_heading is missing else l_0_usage_heading), False, _block_vars=_block_vars))
    if (undefined(name='generation') if l_0_generation is missing else l_0_generation):
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), (3 if (undefined(name='usage') if l_0_usage is missing else l_0_usage) else 2), _block_vars=_block_vars))
        yield ' '
        yield str((undefined(name='generation_heading') if l_0_generation_heading is missing else l_0_generation_heading))
        yield '\n\n'
        yield str((undefined(name='generation_intro') if l_0_generation_intro is missing else l_0_generation_intro))
        yield '\n\n'
        for (l_1_name, l_1_value) in (undefined(name='generation') if l_0_generation is missing else l_0_generation):
            _loop_vars = {}
            pass
            yield '- '
            yield str(l_1_name)
            yield ': '
            yield str(l_1_value)
            yield '\n'
        l_1_name = l_1_value = missing
        yield '\n'
    if ('uses' in (undefined(name='placed') if l_0_placed is missing else l_0_placed)):
        pass
        yield str(context.call((undefined(name='free_sections') if l_0_free_sections is missing else l_0_free_sections), 'uses', _block_vars=_block_vars))

def block_training(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_training = resolve('training')
    l_0_training_table = resolve('training_table')
    l_0_plots_in = resolve('plots_in')
    l_0_usage = resolve('usage')
    l_0_generation = resolve('generation')
    l_0_sections_at = resolve('sections_at')
    l_0_h = resolve('h')
    l_0_method_paper = resolve('method_paper')
    l_0_paper = resolve('paper')
    l_0_method_name = resolve('method_name')
    l_0_hyperparameters_title = resolve('hyperparameters_title')
    l_0_joining = resolve('joining')
    l_0_joined = resolve('joined')
    l_0_training_log_table = resolve('training_log_table')
    l_0_dict = resolve('dict')
    l_0_written = resolve('written')
    l_0_set_results = resolve('set_results')
    l_0_test_results = resolve('test_results')
    l_0_version_lines = resolve('version_lines')
    l_0_placed = resolve('placed')
    l_0_free_sections = resolve('free_sections')
    try:
        t_5 = environment.filters['esc']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'esc' found.")
    try:
        t_1 = environment.filters['heading']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'heading' found.")
    try:
        t_12 = environment.filters['item']
    except KeyError:
        @internalcode
        def t_12(*unused):
            raise TemplateRuntimeError("No filter named 'item' found.")
    try:
        t_11 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_13 = environment.filters['list']
    except KeyError:
        @internalcode
        def t_13(*unused):
            raise TemplateRuntimeError("No filter named 'list' found.")
    try:
        t_14 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_15 = environment.filters['select']
    except KeyError:
        @internalcode
        def t_15(*unused):
            raise TemplateRuntimeError("No filter named 'select' found.")
    try:
        t_16 = environment.filters['setting']
    except KeyError:
        @internalcode
        def t_16(*unused):
            raise TemplateRuntimeError("No filter named 'setting' found.")
    try:
        t_17 = environment.filters['statistic']
    except KeyError:
        @internalcode
        def t_17(*unused):
            raise TemplateRuntimeError("No filter named 'statistic' found.")
    try:
        t_7 = environment.filters['url']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'url' found.")
    try:
        t_18 = environment.filters['value']
    except KeyError:
        @internalcode
        def t_18(*unused):
            raise TemplateRuntimeError("No filter named 'value' found.")
    try:
        t_19 = environment.tests['sameas']
    except KeyError:
        @internalcode
        def t_19(*unused):
            raise TemplateRuntimeError("No test named 'sameas' found.")
    pass
    if ((undefined(name='training') if l_0_training is missing else l_0_training) and ((((((((((environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'method') or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'hardware')) or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'training_time')) or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'statistics')) or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'description')) or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'hyperparameters')) or (undefined(name='training_table') if l_0_training_table is missing else l_0_training_table)) or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'eval_results')) or context.call((undefined(name='plots_in') if l_0_plots_in is missing else l_0_plots_in), 'training', _block_vars=_block_vars)) or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'framework_versions')) or environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'closing'))):
        pass
        if ((not t_19(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'heading'), False)) or (((undefined(name='usage') if l_0_usage is missing else l_0_usage) or (undefined(name='generation') if l_0_generation is missing else l_0_generation)) and (not t_13(context.eval_ctx, t_15(context, t_14(context, t_14(context, context.call((undefined(name='sections_at') if l_0_sections_at is missing else l_0_sections_at), 'uses', _block_vars=_block_vars), attribute='content'), 'trim')))))):
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 2, _block_vars=_block_vars))
            yield ' '
            yield str((t_1(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'heading')) if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'heading') else 'Training procedure'))
            yield '\n\n'
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'method'):
            pass
            l_0_paper = context.call((undefined(name='method_paper') if l_0_method_paper is missing else l_0_method_paper), environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'method'), _block_vars=_block_vars)
            _block_vars['paper'] = l_0_paper
            yield '- **Method:** '
            yield str(context.call((undefined(name='method_name') if l_0_method_name is missing else l_0_method_name), environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'method'), _block_vars=_block_vars))
            if (undefined(name='paper') if l_0_paper is missing else l_0_paper):
                pass
                yield ', introduced in ['
                yield str(t_5(environment.getattr((undefined(name='paper') if l_0_paper is missing else l_0_paper), 'title')))
                yield ']('
                yield str(environment.getattr((undefined(name='paper') if l_0_paper is missing else l_0_paper), 'url'))
                yield ')'
            yield '\n'
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'hardware'):
            pass
            yield '- **Hardware:** '
            yield str(t_5(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'hardware')))
            yield '\n'
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'training_time'):
            pass
            yield '- **Training time:** '
            yield str(t_5(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'training_time')))
            yield '\n'
        for (l_1_label, l_1_value) in environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'statistics'):
            _loop_vars = {}
            pass
            yield '- **'
            yield str(t_5(l_1_label))
            yield ':** '
            yield str(t_17(l_1_value, environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'decimals')))
            yield '\n'
        l_1_label = l_1_value = missing
        yield '\n'
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'description'):
            pass
            yield str(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'description'))
            yield '\n\n'
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'hyperparameters'):
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _block_vars=_block_vars))
            yield ' '
            yield str(t_1((undefined(name='hyperparameters_title') if l_0_hyperparameters_title is missing else l_0_hyperparameters_title)))
            yield '\n\n'
            if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
                pass
                yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), (undefined(name='hyperparameters_title') if l_0_hyperparameters_title is missing else l_0_hyperparameters_title), _block_vars=_block_vars))
            yield 'The following hyperparameters were used during training:\n'
            for (l_1_name, l_1_value) in environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'hyperparameters'):
                _loop_vars = {}
                pass
                yield '- '
                yield str(t_12(l_1_name))
                yield ': '
                yield str(t_16(l_1_value))
                yield '\n'
            l_1_name = l_1_value = missing
            yield '\n'
            if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
                pass
                yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), (undefined(name='hyperparameters_title') if l_0_hyperparameters_title is missing else l_0_hyperparameters_title), False, _block_vars=_block_vars))
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'own_arguments'):
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 4, _block_vars=_block_vars))
            yield ' '
            yield str(t_1(str_join(('Arguments of `', environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'own_arguments_class'), '`', ))))
            yield "\n\nThe run's arguments were of this subclass of transformers' TrainingArguments, which adds:\n"
            for (l_1_name, l_1_value) in environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'own_arguments'):
                _loop_vars = {}
                pass
                yield '- '
                yield str(t_12(l_1_name))
                yield ': '
                yield str(t_16(l_1_value))
                yield '\n'
            l_1_name = l_1_value = missing
            yield '\n'
        if (undefined(name='training_table') if l_0_training_table is missing else l_0_training_table):
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _block_vars=_block_vars))
            yield ' Training results\n\n'
            if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
                pass
                yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Training results', _block_vars=_block_vars))
            if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'results_intro'):
                pass
                yield str(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'results_intro'))
                yield '\n\n'
            yield str(context.call(environment.getattr((undefined(name='training_table') if l_0_training_table is missing else l_0_training_table), 'markdown'), _block_vars=_block_vars))
            yield '\n\n'
            if (undefined(name='training_log_table') if l_0_training_log_table is missing else l_0_training_log_table):
                pass
                yield '<details><summary>All '
                yield str((t_11(environment.getattr((undefined(name='training_log_table') if l_0_training_log_table is missing else l_0_training_log_table), 'header')) - 2))
                yield ' logged values</summary>\n\n'
                yield str(context.call(environment.getattr((undefined(name='training_log_table') if l_0_training_log_table is missing else l_0_training_log_table), 'markdown'), _block_vars=_block_vars))
                yield '\n\n</details>\n\n'
        elif (environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'results_heading') or ((undefined(name='joining') if l_0_joining is missing else l_0_joining) and (context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Training results', _block_vars=_block_vars) or context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Training results', False, _block_vars=_block_vars)))):
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _block_vars=_block_vars))
            yield ' Training results\n\n'
            if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
                pass
                yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Training results', _block_vars=_block_vars))
        l_0_written = context.call((undefined(name='dict') if l_0_dict is missing else l_0_dict), environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'eval_results_text'), _block_vars=_block_vars)
        _block_vars['written'] = l_0_written
        (l_0_set_results, l_0_test_results) = (environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'set_results'), environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'test_results'))
        _block_vars.update({'set_results': l_0_set_results, 'test_results': l_0_test_results})
        if (undefined(name='set_results') if l_0_set_results is missing else l_0_set_results):
            pass
            yield 'It achieves the following results on the evaluation set'
            if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'eval_results_of'):
                pass
                yield ' ('
                yield str(t_5(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'eval_results_of')))
                yield ')'
            yield ':\n'
            for (l_1_name, l_1_value) in (undefined(name='set_results') if l_0_set_results is missing else l_0_set_results):
                _loop_vars = {}
                pass
                yield '- '
                yield str(t_12(l_1_name))
                yield ': '
                yield str((environment.getitem((undefined(name='written') if l_0_written is missing else l_0_written), l_1_name) if (l_1_name in (undefined(name='written') if l_0_written is missing else l_0_written)) else t_18(l_1_value, environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'decimals'))))
                yield '\n'
            l_1_name = l_1_value = missing
            yield '\n'
        if (undefined(name='test_results') if l_0_test_results is missing else l_0_test_results):
            pass
            yield 'It achieves the following results on the test set:\n'
            for (l_1_label, l_1_name, l_1_value) in (undefined(name='test_results') if l_0_test_results is missing else l_0_test_results):
                _loop_vars = {}
                pass
                yield '- '
                yield str(t_12(l_1_name))
                yield ': '
                yield str((environment.getitem((undefined(name='written') if l_0_written is missing else l_0_written), l_1_label) if (l_1_label in (undefined(name='written') if l_0_written is missing else l_0_written)) else t_18(l_1_value, environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'decimals'))))
                yield '\n'
            l_1_label = l_1_name = l_1_value = missing
            yield '\n'
        if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
            pass
            yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Training results', False, _block_vars=_block_vars))
        if context.call((undefined(name='plots_in') if l_0_plots_in is missing else l_0_plots_in), 'training', _block_vars=_block_vars):
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _block_vars=_block_vars))
            yield ' Training curves\n\n'
            for l_1_plot in context.call((undefined(name='plots_in') if l_0_plots_in is missing else l_0_plots_in), 'training', _block_vars=_block_vars):
                _loop_vars = {}
                pass
                yield '!['
                yield str(t_5(environment.getattr(l_1_plot, 'alt')))
                yield ']('
                yield str(t_7(environment.getattr(l_1_plot, 'path')))
                yield ')\n\n'
            l_1_plot = missing
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'framework_versions'):
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _block_vars=_block_vars))
            yield ' Framework versions\n\n'
            for l_1_line in (undefined(name='version_lines') if l_0_version_lines is missing else l_0_version_lines):
                _loop_vars = {}
                pass
                yield str(l_1_line)
                yield '\n'
            l_1_line = missing
            yield '\n'
        if environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'closing'):
            pass
            yield str(environment.getattr((undefined(name='training') if l_0_training is missing else l_0_training), 'closing'))
            yield '\n\n'
    if ('training' in (undefined(name='placed') if l_0_placed is missing else l_0_placed)):
        pass
        yield str(context.call((undefined(name='free_sections') if l_0_free_sections is missing else l_0_free_sections), 'training', _block_vars=_block_vars))

def block_evaluation(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_results_table = resolve('results_table')
    l_0_comparisons = resolve('comparisons')
    l_0_groups = resolve('groups')
    l_0_h = resolve('h')
    l_0_evaluation_setup = resolve('evaluation_setup')
    l_0_evaluation_setups = resolve('evaluation_setups')
    l_0_placed = resolve('placed')
    l_0_free_sections = resolve('free_sections')
    l_0_leaderboards = resolve('leaderboards')
    try:
        t_5 = environment.filters['esc']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'esc' found.")
    try:
        t_6 = environment.filters['heading_end']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'heading_end' found.")
    try:
        t_20 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_20(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_11 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_11(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_21 = environment.filters['link']
    except KeyError:
        @internalcode
        def t_21(*unused):
            raise TemplateRuntimeError("No filter named 'link' found.")
    try:
        t_14 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_14(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_7 = environment.filters['url']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'url' found.")
    try:
        t_18 = environment.filters['value']
    except KeyError:
        @internalcode
        def t_18(*unused):
            raise TemplateRuntimeError("No filter named 'value' found.")
    pass
    if (((undefined(name='results_table') if l_0_results_table is missing else l_0_results_table) or (undefined(name='comparisons') if l_0_comparisons is missing else l_0_comparisons)) or (undefined(name='groups') if l_0_groups is missing else l_0_groups)):
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 2, _block_vars=_block_vars))
        yield ' Evaluation\n\n'
        if (undefined(name='results_table') if l_0_results_table is missing else l_0_results_table):
            pass
            if (t_11(environment.getattr((undefined(name='results_table') if l_0_results_table is missing else l_0_results_table), 'rows')) > 20):
                pass
                yield '<details><summary>All '
                yield str(t_11(environment.getattr((undefined(name='results_table') if l_0_results_table is missing else l_0_results_table), 'rows')))
                yield ' results</summary>\n\n'
                yield str(context.call(environment.getattr((undefined(name='results_table') if l_0_results_table is missing else l_0_results_table), 'markdown'), _block_vars=_block_vars))
                yield '\n\n</details>\n'
            else:
                pass
                yield str(context.call(environment.getattr((undefined(name='results_table') if l_0_results_table is missing else l_0_results_table), 'markdown'), _block_vars=_block_vars))
                yield '\n'
            yield '\n'
        if (undefined(name='evaluation_setup') if l_0_evaluation_setup is missing else l_0_evaluation_setup):
            pass
            yield 'Setup: '
            yield str(t_5((undefined(name='evaluation_setup') if l_0_evaluation_setup is missing else l_0_evaluation_setup)))
            yield '\n\n'
        for (l_1_benchmarks, l_1_rest) in (undefined(name='evaluation_setups') if l_0_evaluation_setups is missing else l_0_evaluation_setups):
            _loop_vars = {}
            pass
            yield 'Setup of '
            yield str(t_5(l_1_benchmarks))
            yield ': '
            yield str(t_5(l_1_rest))
            yield '\n\n'
        l_1_benchmarks = l_1_rest = missing
        l_1_loop = missing
        for (l_1_comparison, l_1_table), l_1_loop in LoopContext((undefined(name='comparisons') if l_0_comparisons is missing else l_0_comparisons), undefined):
            l_1_plots_in = resolve('plots_in')
            _loop_vars = {}
            pass
            yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _loop_vars=_loop_vars))
            yield ' '
            yield str(t_6(t_21(environment.getattr(l_1_comparison, 'title'), environment.getattr(l_1_comparison, 'url'))))
            yield '\n\n'
            if environment.getattr(l_1_comparison, 'description'):
                pass
                yield str(environment.getattr(l_1_comparison, 'description'))
                yield '\n\n'
            yield str(context.call(environment.getattr(l_1_table, 'markdown'), _loop_vars=_loop_vars))
            yield '\n\n'
            for l_2_plot in context.call((undefined(name='plots_in') if l_1_plots_in is missing else l_1_plots_in), 'comparison', environment.getattr(l_1_loop, 'index0'), _loop_vars=_loop_vars):
                _loop_vars = {}
                pass
                yield '!['
                yield str(t_5(environment.getattr(l_2_plot, 'alt')))
                yield ']('
                yield str(t_7(environment.getattr(l_2_plot, 'path')))
                yield ')\n\n'
            l_2_plot = missing
        l_1_loop = l_1_comparison = l_1_table = l_1_plots_in = missing
        if (undefined(name='groups') if l_0_groups is missing else l_0_groups):
            pass
            yield '<details><summary>Details of '
            yield str(t_5(t_20(context.eval_ctx, t_14(context, t_14(context, (undefined(name='groups') if l_0_groups is missing else l_0_groups), attribute=0), attribute='name'), ', ')))
            yield '</summary>\n\n'
            for (l_1_group, l_1_table) in (undefined(name='groups') if l_0_groups is missing else l_0_groups):
                _loop_vars = {}
                pass
                yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 3, _loop_vars=_loop_vars))
                yield ' '
                yield str(t_6(t_5(environment.getattr(l_1_group, 'name'))))
                yield '\n\n'
                yield str(context.call(environment.getattr(l_1_table, 'markdown'), _loop_vars=_loop_vars))
                yield '\n\n'
                if environment.getattr(l_1_group, 'show_average'):
                    pass
                    yield 'Average: '
                    yield str(t_18(environment.getattr(l_1_group, 'average')))
                    yield '\n'
                yield '\n'
            l_1_group = l_1_table = missing
            yield '</details>\n\n'
    if ('evaluation' in (undefined(name='placed') if l_0_placed is missing else l_0_placed)):
        pass
        yield str(context.call((undefined(name='free_sections') if l_0_free_sections is missing else l_0_free_sections), 'evaluation', _block_vars=_block_vars))
    for (l_1_board, l_1_table) in (undefined(name='leaderboards') if l_0_leaderboards is missing else l_0_leaderboards):
        _loop_vars = {}
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), environment.getattr(l_1_board, 'level'), _loop_vars=_loop_vars))
        yield ' '
        yield str(t_6(t_21(environment.getattr(l_1_board, 'title'), environment.getattr(l_1_board, 'url'))))
        yield '\n\n'
        if environment.getattr(l_1_board, 'details_url'):
            pass
            yield 'Detailed results can be found [here]('
            yield str(t_7(environment.getattr(l_1_board, 'details_url')))
            yield ')'
            yield str(('.' if environment.getattr(l_1_board, 'details_period') else ''))
            yield '\n\n'
        yield str(context.call(environment.getattr(l_1_table, 'markdown'), _loop_vars=_loop_vars))
        yield '\n\n'
    l_1_board = l_1_table = missing

def block_end(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_placed = resolve('placed')
    l_0_free_sections = resolve('free_sections')
    pass
    if ('end' in (undefined(name='placed') if l_0_placed is missing else l_0_placed)):
        pass
        yield str(context.call((undefined(name='free_sections') if l_0_free_sections is missing else l_0_free_sections), 'end', _block_vars=_block_vars))

def block_citation(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_citations = resolve('citations')
    l_0_h = resolve('h')
    l_0_citation_level = resolve('citation_level')
    l_0_joining = resolve('joining')
    l_0_joined = resolve('joined')
    l_0_placed = resolve('placed')
    l_0_free_sections = resolve('free_sections')
    pass
    if (undefined(name='citations') if l_0_citations is missing else l_0_citations):
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), (undefined(name='citation_level') if l_0_citation_level is missing else l_0_citation_level), _block_vars=_block_vars))
        yield ' Citation\n\n'
        if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
            pass
            yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Citation', _block_vars=_block_vars))
        l_1_loop = missing
        for l_1_citation, l_1_loop in LoopContext((undefined(name='citations') if l_0_citations is missing else l_0_citations), undefined):
            l_1_citation_fence = resolve('citation_fence')
            l_1_fence = missing
            _loop_vars = {}
            pass
            if environment.getattr(l_1_citation, 'label'):
                pass
                yield str(environment.getattr(l_1_citation, 'label'))
                yield '\n\n'
            l_1_fence = context.call((undefined(name='citation_fence') if l_1_citation_fence is missing else l_1_citation_fence), l_1_citation, _loop_vars=_loop_vars)
            _loop_vars['fence'] = l_1_fence
            yield str((undefined(name='fence') if l_1_fence is missing else l_1_fence))
            yield 'bibtex\n'
            l_2_loop = missing
            for l_2_entry, l_2_loop in LoopContext(environment.getattr(l_1_citation, 'entries'), undefined):
                _loop_vars = {}
                pass
                yield str(environment.getattr(l_2_entry, 'text'))
                yield '\n'
                if ((not environment.getattr(l_2_loop, 'last')) and environment.getattr(l_2_entry, 'spaced')):
                    pass
                    yield '\n'
            l_2_loop = l_2_entry = missing
            yield str((undefined(name='fence') if l_1_fence is missing else l_1_fence))
            yield '\n\n'
        l_1_loop = l_1_citation = l_1_citation_fence = l_1_fence = missing
        if (undefined(name='joining') if l_0_joining is missing else l_0_joining):
            pass
            yield str(context.call((undefined(name='joined') if l_0_joined is missing else l_0_joined), 'Citation', False, _block_vars=_block_vars))
    if ('citation' in (undefined(name='placed') if l_0_placed is missing else l_0_placed)):
        pass
        yield str(context.call((undefined(name='free_sections') if l_0_free_sections is missing else l_0_free_sections), 'citation', _block_vars=_block_vars))

def block_original(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_original = resolve('original')
    l_0_original_body = resolve('original_body')
    l_0_h = resolve('h')
    try:
        t_5 = environment.filters['esc']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'esc' found.")
    try:
        t_6 = environment.filters['heading_end']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'heading_end' found.")
    try:
        t_2 = environment.filters['trim']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'trim' found.")
    pass
    if ((undefined(name='original') if l_0_original is missing else l_0_original) and t_2((undefined(name='original_body') if l_0_original_body is missing else l_0_original_body))):
        pass
        yield str(context.call((undefined(name='h') if l_0_h is missing else l_0_h), 1, _block_vars=_block_vars))
        yield ' '
        yield str(t_6(t_5(environment.getattr((undefined(name='original') if l_0_original is missing else l_0_original), 'heading'))))
        yield '\n\n'
        yield str((undefined(name='original_body') if l_0_original_body is missing else l_0_original_body))
        yield '\n'

blocks = {'header': block_header, 'details': block_details, 'uses': block_uses, 'training': block_training, 'evaluation': block_evaluation, 'end': block_end, 'citation': block_citation, 'original': block_original}
debug_info = '8=26&10=32&11=41&13=45&17=52&18=54&33=55&34=57&35=59&56=60&57=62&58=64&81=65&82=67&83=69&201=70&202=72&203=74&270=75&271=77&272=79&275=80&276=82&277=84&302=85&303=87&304=89&311=90&18=93&19=129&20=132&23=136&24=138&27=142&28=144&31=146&35=150&36=189&37=191&39=193&40=196&41=200&43=205&44=208&46=211&48=213&49=217&54=223&58=227&60=245&61=247&63=251&64=254&66=256&69=259&70=261&72=265&74=267&75=271&79=277&83=281&85=382&91=384&93=386&96=390&97=392&98=395&101=404&102=407&104=409&105=412&107=414&108=418&111=424&112=426&115=428&116=430&118=434&120=438&121=442&124=448&126=451&127=453&130=457&131=461&135=467&136=469&138=471&139=474&140=476&143=478&145=480&146=483&148=485&153=487&155=489&157=491&159=494&160=496&161=498&162=501&163=507&164=511&168=517&170=520&171=524&177=530&178=533&179=535&181=537&182=541&186=546&187=548&189=550&190=553&194=557&195=559&199=561&203=565&204=630&205=632&207=634&208=636&209=639&211=641&215=645&219=648&220=651&223=653&224=657&227=663&228=667&230=671&231=673&234=675&236=677&237=681&241=687&242=690&244=692&245=695&247=699&249=701&250=704&258=709&259=712&260=715&262=719&263=722&266=726&272=730&273=740&277=744&278=759&279=761&281=763&282=767&283=772&284=774&287=776&288=778&289=781&290=784&291=786&295=790&298=793&300=796&304=800&305=829&306=831&308=835'
# compiled from: jinja2 3.1.6 template a8fd20bcd29cdc99 key 88d723220fbe329f3b04bb6860ce622a1253ad804b5e06eb2012524afa97ed0e
