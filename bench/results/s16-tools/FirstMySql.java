import java.sql.*;
public class FirstMySql {
  public static void main(String[] a) throws Exception {
    StringBuilder sb = new StringBuilder();
    for (String spec : new String[] {a[2] + ":plain", a[0] + ":sbtest", a[1] + ":plain"}) {
      String[] pd = spec.split(":");
      String url = "jdbc:mysql://127.0.0.1:" + pd[0] + "/" + pd[1] + "?useServerPrepStmts=true&cachePrepStmts=true&useSSL=false&allowPublicKeyRetrieval=true";
      try (Connection c = DriverManager.getConnection(url, "sb", "sb-bench-pw")) {
        sb.append(pd[0].equals(a[0]) ? "migration: " : pd[0].equals(a[1]) ? " | pass-through: " : "(direct, client warm-up: ");
        PreparedStatement ps = null;
        for (int i = 1; i <= 4; i++) {
          long s = System.nanoTime();
          if (ps == null) ps = c.prepareStatement("SELECT c FROM sbtest1 WHERE id=?");
          ps.setInt(1, i * 7);
          try (ResultSet rs = ps.executeQuery()) { rs.next(); rs.getString(1); }
          sb.append(String.format("%d:%.1f ", i, (System.nanoTime() - s) / 1e6));
        }
        if (pd[0].equals(a[2])) sb.append(") ");
      }
    }
    System.out.println(sb);
  }
}
