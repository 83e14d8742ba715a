"""Engine tests need no Django; make the engine fixtures available even when the
root conftest does not (yet) list ``tests.engine_fixture`` in pytest_plugins."""


def pytest_configure(config):
    if not config.pluginmanager.hasplugin("tests.engine_fixture"):
        config.pluginmanager.import_plugin("tests.engine_fixture")
