import org.codelibs.elasticsearch.runner.ElasticsearchClusterRunner;

/**
 * Thin wrapper around ElasticsearchClusterRunner's CLI (same arguments) that
 * engine/run compiles once into engine/.cache/classes. It adds what the CLI lacks:
 *  - any HTTP port: the stock main refuses ports above 9299 and silently moves
 *    to the next free port; here the port is exact (engine/run pre-checks it);
 *  - -Dengine.node.name=... (the stock runner names every single-node JVM "Node 1").
 */
public final class EngineNode {
    public static void main(final String[] args) throws Exception {
        final ElasticsearchClusterRunner runner = new ElasticsearchClusterRunner();
        runner.setMaxHttpPort(-1);
        final String nodeName = System.getProperty("engine.node.name");
        if (nodeName != null && !nodeName.isEmpty()) {
            runner.onBuild((number, settings) -> settings.put("node.name", nodeName));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                runner.close();
            } catch (final Exception e) {
                e.printStackTrace();
            }
        }));
        try {
            runner.build(args);
        } catch (final Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        while (!runner.isClosed()) {
            Thread.sleep(1000);
        }
    }
}
