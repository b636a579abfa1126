import java.io.*;
import java.util.Scanner;

public class Main {
    public static void main(String[] args) throws IOException {
        long n = new Scanner(new File("INPUT.TXT")).nextLong();
        try (PrintWriter out = new PrintWriter("OUTPUT.TXT")) {
            out.println((n - 1) + " 1");
        }
    }
}
