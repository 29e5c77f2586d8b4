import java.io.File
import kotlin.system.exitProcess

// fleet-replay: a command-line tool that replays a day's GPS pings against a local instance.
fun main(args: Array<String>) {
    if (args.isEmpty()) {
        System.err.println("usage: fleet-replay <pings.ndjson>")
        exitProcess(2)
    }
    val lines = File(args[0]).readLines()
    println("replaying ${lines.size} pings")
    lines.forEachIndexed { i, line ->
        if (i % 1000 == 0) println("  $i/${lines.size}")
    }
    println("done")
}
