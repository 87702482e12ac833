<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Portier</source>
        <translation>关于 Portier</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Portier %1&lt;/h3&gt;&lt;p&gt;A desktop TCP/UDP load balancer that does what nginx's &lt;code&gt;stream {}&lt;/code&gt; module does.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Portier %1&lt;/h3&gt;&lt;p&gt;一个桌面 TCP/UDP 负载均衡器，功能与 nginx 的 &lt;code&gt;stream {}&lt;/code&gt; 模块相同。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Portier: MIT</source>
        <translation>Portier：MIT 许可证</translation>
    </message>
    <message>
        <source>&lt;p&gt;Portier uses Qt %1, a library of The Qt Company, under the GNU Lesser General Public License version 3 (LGPLv3). Qt is linked dynamically: you may replace its libraries with your own build of the same version.&lt;/p&gt;&lt;p&gt;Licence text: &lt;a href="https://www.gnu.org/licenses/lgpl-3.0.html"&gt;gnu.org/licenses/lgpl-3.0&lt;/a&gt;; Qt's sources: &lt;a href="https://download.qt.io/"&gt;download.qt.io&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Portier 使用 Qt %1（The Qt Company 的程序库），遵循 GNU 宽通用公共许可证第 3 版（LGPLv3）。Qt 以动态方式链接：您可以用自己构建的同一版本替换其程序库。&lt;/p&gt;&lt;p&gt;许可证全文：&lt;a href="https://www.gnu.org/licenses/lgpl-3.0.html"&gt;gnu.org/licenses/lgpl-3.0&lt;/a&gt;；Qt 源代码：&lt;a href="https://download.qt.io/"&gt;download.qt.io&lt;/a&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Qt: LGPLv3</source>
        <translation>Qt：LGPLv3</translation>
    </message>
    <message>
        <source>&lt;p&gt;Portier uses OpenSSL (%1) for TLS, under the Apache License 2.0.&lt;/p&gt;&lt;p&gt;Licence text: &lt;a href="https://www.apache.org/licenses/LICENSE-2.0"&gt;apache.org/licenses/LICENSE-2.0&lt;/a&gt;; OpenSSL: &lt;a href="https://www.openssl.org/"&gt;openssl.org&lt;/a&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Portier 使用 OpenSSL（%1）实现 TLS，遵循 Apache 许可证 2.0。&lt;/p&gt;&lt;p&gt;许可证全文：&lt;a href="https://www.apache.org/licenses/LICENSE-2.0"&gt;apache.org/licenses/LICENSE-2.0&lt;/a&gt;；OpenSSL：&lt;a href="https://www.openssl.org/"&gt;openssl.org&lt;/a&gt;。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>OpenSSL: Apache-2.0</source>
        <translation>OpenSSL：Apache-2.0</translation>
    </message>
</context>
<context>
    <name>AccessLogEdit</name>
    <message>
        <source>off: no access log</source>
        <translation>off：不记录访问日志</translation>
    </message>
    <message>
        <source>The file each session's line is appended to when it ends (nginx's access_log)</source>
        <translation>每个会话结束时，其日志行追加写入的文件（nginx 的 access_log）</translation>
    </message>
    <message>
        <source>Access log file:</source>
        <translation>访问日志文件：</translation>
    </message>
    <message>
        <source>One of the config's log formats (log_format)</source>
        <translation>配置中定义的日志格式之一（log_format）</translation>
    </message>
    <message>
        <source>Formats...</source>
        <translation>格式…</translation>
    </message>
    <message>
        <source>Define the log formats: text with variables such as $remote_addr $status $session_time</source>
        <translation>定义日志格式：含有变量的文本，例如 $remote_addr $status $session_time</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>none: each line is written at once</source>
        <translation>不缓冲：每行立即写入</translation>
    </message>
    <message>
        <source>Collect lines and write them together, e.g. 32k (buffer=)</source>
        <translation>先收集日志行再一起写入，例如 32k（buffer=）</translation>
    </message>
    <message>
        <source>Buffer:</source>
        <translation>缓冲区：</translation>
    </message>
    <message>
        <source>only when the buffer is full</source>
        <translation>仅在缓冲区满时</translation>
    </message>
    <message>
        <source>Also write buffered lines once they have waited this long, e.g. 5s (flush=; needs a buffer)</source>
        <translation>缓冲的日志行等待超过此时长后也会写入，例如 5s（flush=；需要设置缓冲区）</translation>
    </message>
    <message>
        <source>Flush after:</source>
        <translation>刷新间隔：</translation>
    </message>
    <message>
        <source>every session</source>
        <translation>所有会话</translation>
    </message>
    <message>
        <source>Log only sessions for which this is neither empty nor 0, e.g. $upstream_addr (if=)</source>
        <translation>只记录此值既不为空也不为 0 的会话，例如 $upstream_addr（if=）</translation>
    </message>
    <message>
        <source>Only if:</source>
        <translation>仅当：</translation>
    </message>
    <message>
        <source>"%1" is not a size; write it as nginx does, e.g. 32k</source>
        <translation>“%1”不是有效的大小；请按 nginx 的写法填写，例如 32k</translation>
    </message>
    <message>
        <source>"%1" is not a time; write it as nginx does, e.g. 5s</source>
        <translation>“%1”不是有效的时间；请按 nginx 的写法填写，例如 5s</translation>
    </message>
    <message>
        <source>Access log file</source>
        <translation>访问日志文件</translation>
    </message>
    <message>
        <source>Access log format</source>
        <translation>访问日志格式</translation>
    </message>
    <message>
        <source>Access log buffer</source>
        <translation>访问日志缓冲区</translation>
    </message>
    <message>
        <source>Access log flush</source>
        <translation>访问日志刷新间隔</translation>
    </message>
    <message>
        <source>Access log condition</source>
        <translation>访问日志条件</translation>
    </message>
</context>
<context>
    <name>AccessRulesEdit</name>
    <message>
        <source>Add rule</source>
        <translation>添加规则</translation>
    </message>
    <message>
        <source>No rules: every client may connect.</source>
        <translation>没有规则：所有客户端都可以连接。</translation>
    </message>
    <message>
        <source>Checked from the top; the first rule that matches the client's address decides. A client no rule matches may connect.</source>
        <translation>从上往下检查，第一条匹配客户端地址的规则生效。没有规则匹配的客户端可以连接。</translation>
    </message>
    <message>
        <source>Rule %1 action</source>
        <translation>规则 %1 的动作</translation>
    </message>
    <message>
        <source>address, CIDR or all</source>
        <translation>地址、CIDR 或 all</translation>
    </message>
    <message>
        <source>An IPv4 or IPv6 address (192.168.1.10, ::1), a CIDR (10.0.0.0/8, 2001:db8::/32), all, or unix:</source>
        <translation>IPv4 或 IPv6 地址（192.168.1.10、::1）、CIDR（10.0.0.0/8、2001:db8::/32）、all 或 unix:</translation>
    </message>
    <message>
        <source>Rule %1 address</source>
        <translation>规则 %1 的地址</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Remove rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <source>Access rule %1: %2</source>
        <translation>访问规则 %1：%2</translation>
    </message>
</context>
<context>
    <name>ApiPreferencesPage</name>
    <message>
        <source>Serve the control &amp;API from this computer</source>
        <translation>从本机提供控制 API(&amp;A)</translation>
    </message>
    <message>
        <source>HTTPS certificate</source>
        <translation>HTTPS 证书</translation>
    </message>
    <message>
        <source>HTTPS key</source>
        <translation>HTTPS 私钥</translation>
    </message>
    <message>
        <source>Off, an "api" section in the running configuration is still served, as portierd serves it. Beyond 127.0.0.1 the API needs HTTPS and a token.</source>
        <translation>关闭时，运行中配置里的 "api" 部分仍会提供服务，与 portierd 相同。在 127.0.0.1 之外，API 需要 HTTPS 和令牌。</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>May</source>
        <translation>可修改</translation>
    </message>
    <message>
        <source>&amp;New token…</source>
        <translation>新建令牌(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>删除(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Listen address:</source>
        <translation>监听地址(&amp;L)：</translation>
    </message>
    <message>
        <source>HTTPS certificate:</source>
        <translation>HTTPS 证书：</translation>
    </message>
    <message>
        <source>HTTPS key:</source>
        <translation>HTTPS 私钥：</translation>
    </message>
    <message>
        <source>Tokens:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>Certificates accepted for remote portierd</source>
        <translation>已接受的远程 portierd 证书</translation>
    </message>
    <message>
        <source>&amp;Forget</source>
        <translation>忘记(&amp;F)</translation>
    </message>
    <message>
        <source>The next connection to that address asks about its certificate again</source>
        <translation>下次连接该地址时会重新询问其证书</translation>
    </message>
    <message>
        <source>New API token</source>
        <translation>新建 API 令牌</translation>
    </message>
    <message>
        <source>Name (the log says which token was used):</source>
        <translation>名称（日志会记录使用了哪个令牌）：</translation>
    </message>
    <message>
        <source>May "%1" change things (steer servers, apply configurations)? No makes a read-only token.</source>
        <translation>是否允许“%1”修改内容（控制服务器、应用配置）？选择“否”将创建只读令牌。</translation>
    </message>
    <message>
        <source>Give this token to the client now: it is shown only this once, and Portier keeps only its SHA-256.</source>
        <translation>请现在把此令牌交给客户端：它只显示这一次，Portier 只保存其 SHA-256。</translation>
    </message>
    <message>
        <source>read and change</source>
        <translation>读取和修改</translation>
    </message>
    <message>
        <source>read</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>%1  SHA-256 %2</source>
        <translation>%1  SHA-256 %2</translation>
    </message>
</context>
<context>
    <name>ApplyBar</name>
    <message numerus="yes">
        <source>… and %n more</source>
        <translation>
            <numerusform>… 另有 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n problem(s); Apply is disabled until they are fixed:&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;%n 个问题；修正之前无法应用：&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message>
        <source>&lt;b&gt;The engine reported:&lt;/b&gt;</source>
        <translation>&lt;b&gt;引擎报告：&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The engine runs this configuration.</source>
        <translation>引擎正在运行此配置。</translation>
    </message>
    <message>
        <source>Edited: Apply runs the changes without dropping established connections.</source>
        <translation>已修改：点击“应用”即可生效，已建立的连接不会中断。</translation>
    </message>
    <message>
        <source>The engine is stopped. Apply (or Start) runs this configuration.</source>
        <translation>引擎已停止。点击“应用”（或“启动”）运行此配置。</translation>
    </message>
    <message>
        <source>%1 runs this configuration.</source>
        <translation>%1 正在运行此配置。</translation>
    </message>
    <message>
        <source>%1 is not connected; its configuration is applied once it is.</source>
        <translation>%1 未连接；连接后将应用其配置。</translation>
    </message>
</context>
<context>
    <name>CertificatesPage</name>
    <message>
        <source>&lt;b&gt;Certificates&lt;/b&gt;</source>
        <translation>&lt;b&gt;证书&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Add a PEM certificate and its private key</source>
        <translation>添加 PEM 证书及其私钥</translation>
    </message>
    <message>
        <source>Generate…</source>
        <translation>生成…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected certificate from the configuration (the files stay)</source>
        <translation>从配置中删除所选证书（文件保留）</translation>
    </message>
    <message>
        <source>No certificate yet. Listeners that terminate TLS use a certificate and private key from PEM files. Click Import to add one.</source>
        <translation>还没有证书。终止 TLS 的监听器使用 PEM 文件中的证书和私钥。点击“导入”添加一个。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Listeners refer to the certificate by this name</source>
        <translation>监听器通过此名称引用证书</translation>
    </message>
    <message>
        <source>&amp;Certificate file:</source>
        <translation>证书文件(&amp;C)：</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Choose the PEM certificate (chain) file</source>
        <translation>选择 PEM 证书（链）文件</translation>
    </message>
    <message>
        <source>&amp;Key file:</source>
        <translation>私钥文件(&amp;K)：</translation>
    </message>
    <message>
        <source>Choose the PEM private key file</source>
        <translation>选择 PEM 私钥文件</translation>
    </message>
    <message>
        <source>&amp;Passphrase file:</source>
        <translation>口令文件(&amp;P)：</translation>
    </message>
    <message>
        <source>only for an encrypted key</source>
        <translation>仅用于加密的私钥</translation>
    </message>
    <message>
        <source>Choose a file holding the key's passphrase (nginx ssl_password_file)</source>
        <translation>选择保存私钥口令的文件（nginx ssl_password_file）</translation>
    </message>
    <message>
        <source>Use even when expired</source>
        <translation>过期后仍然使用</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key *.txt);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Certificate file</source>
        <translation>证书文件</translation>
    </message>
    <message>
        <source>Private key file</source>
        <translation>私钥文件</translation>
    </message>
    <message>
        <source>Passphrase file</source>
        <translation>口令文件</translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Edit certificate %1</source>
        <translation>编辑证书 %1</translation>
    </message>
    <message>
        <source>Import certificate: the certificate (PEM)</source>
        <translation>导入证书：证书（PEM）</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>PEM 证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import certificate: its private key (PEM)</source>
        <translation>导入证书：私钥（PEM）</translation>
    </message>
    <message>
        <source>PEM keys (*.pem *.key);;All files (*)</source>
        <translation>PEM 私钥 (*.pem *.key);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import certificate %1</source>
        <translation>导入证书 %1</translation>
    </message>
    <message>
        <source>Remove certificate %1</source>
        <translation>删除证书 %1</translation>
    </message>
    <message>
        <source>No certificate file chosen.</source>
        <translation>未选择证书文件。</translation>
    </message>
    <message>
        <source>The certificate file %1 does not exist.</source>
        <translation>证书文件 %1 不存在。</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate (it should start with -----BEGIN CERTIFICATE-----).</source>
        <translation>%1 中没有 PEM 证书（应以 -----BEGIN CERTIFICATE----- 开头）。</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>颁发者</translation>
    </message>
    <message>
        <source> (self-signed)</source>
        <translation>（自签名）</translation>
    </message>
    <message>
        <source>Names</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>生效时间</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>到期时间</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>密钥</translation>
    </message>
    <message>
        <source>%1, %2 bits</source>
        <translation>%1，%2 位</translation>
    </message>
    <message>
        <source>other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Chain</source>
        <translation>证书链</translation>
    </message>
    <message numerus="yes">
        <source>%n more certificate(s) in the file</source>
        <translation>
            <numerusform>文件中另有 %n 个证书</numerusform>
        </translation>
    </message>
    <message>
        <source>Expired on %1 (used anyway: "Use even when expired" is on).</source>
        <translation>已于 %1 过期（已勾选“过期后仍然使用”，所以仍会使用）。</translation>
    </message>
    <message>
        <source>Expired on %1: clients will refuse it. Renew it, or tick "Use even when expired" for tests.</source>
        <translation>已于 %1 过期：客户端会拒绝它。请续期，或在测试时勾选“过期后仍然使用”。</translation>
    </message>
    <message numerus="yes">
        <source>Expires in %n day(s); renew it soon.</source>
        <translation>
            <numerusform>%n 天后过期；请尽快续期。</numerusform>
        </translation>
    </message>
    <message>
        <source>Not valid before %1.</source>
        <translation>在 %1 之前无效。</translation>
    </message>
    <message>
        <source>The key is encrypted and the passphrase file is missing or wrong.</source>
        <translation>私钥已加密，但口令文件缺失或口令错误。</translation>
    </message>
    <message>
        <source>Make a self-signed certificate for trying TLS (clients will not trust it by themselves)</source>
        <translation>生成用于试用 TLS 的自签名证书（客户端默认不会信任它）</translation>
    </message>
    <message>
        <source>The key %1 is encrypted. Its passphrase:</source>
        <translation>私钥 %1 已加密。请输入口令：</translation>
    </message>
    <message>
        <source>Import certificate</source>
        <translation>导入证书</translation>
    </message>
    <message>
        <source>That passphrase does not open %1. Try again:</source>
        <translation>该口令无法打开 %1。请重试：</translation>
    </message>
    <message>
        <source>Keep the passphrase in (readable by you only)</source>
        <translation>口令保存到（仅您本人可读）</translation>
    </message>
    <message>
        <source>Passphrase files (*.pass);;All files (*)</source>
        <translation>口令文件 (*.pass);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Generate a self-signed certificate</source>
        <translation>生成自签名证书</translation>
    </message>
    <message>
        <source>The name clients connect to (a host name or an address):</source>
        <translation>客户端连接时使用的名称（主机名或地址）：</translation>
    </message>
    <message>
        <source>Folder for the certificate and its key</source>
        <translation>存放证书及其私钥的文件夹</translation>
    </message>
    <message>
        <source>Could not make the certificate: %1</source>
        <translation>无法生成证书：%1</translation>
    </message>
    <message>
        <source>%1 or %2 already exists; choose another folder</source>
        <translation>%1 或 %2 已存在；请选择其他文件夹</translation>
    </message>
    <message>
        <source>Where should the passphrase of %1 live?</source>
        <translation>%1 的口令保存在哪里？</translation>
    </message>
    <message>
        <source>In a file readable by you only, so the engine starts unattended (nginx's ssl_password_file); or nowhere: Portier asks for it each time it starts the engine and keeps it in memory.</source>
        <translation>保存在仅你可读的文件中，这样引擎可以无人值守地启动（即 nginx 的 ssl_password_file）；或者不保存：Portier 每次启动引擎时询问口令，并只保存在内存中。</translation>
    </message>
    <message>
        <source>Keep it in a file</source>
        <translation>保存在文件中</translation>
    </message>
    <message>
        <source>Ask when the engine starts</source>
        <translation>引擎启动时询问</translation>
    </message>
    <message>
        <source>The key is encrypted; Portier asks for its passphrase when it starts the engine (or name a passphrase file).</source>
        <translation>私钥已加密；Portier 会在启动引擎时询问其口令（也可以指定口令文件）。</translation>
    </message>
    <message>
        <source>The key cannot be used: %1</source>
        <translation>无法使用该私钥：%1</translation>
    </message>
    <message>
        <source>The key in %1 does not belong to this certificate; choose the key the certificate was made with.</source>
        <translation>%1 中的私钥与此证书不匹配；请选择生成此证书时所用的私钥。</translation>
    </message>
</context>
<context>
    <name>ClosedSessionsModel</name>
    <message>
        <source>Duration</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>结束时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ConfigDocument</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>ConfigSummary</name>
    <message>
        <source>round robin</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>least connections</source>
        <translation>最少连接</translation>
    </message>
    <message>
        <source>least time (%1%2)</source>
        <translation>最短时间（%1%2）</translation>
    </message>
    <message>
        <source>consistent hash of %1</source>
        <translation>按 %1 一致性哈希</translation>
    </message>
    <message>
        <source>hash of %1</source>
        <translation>按 %1 哈希</translation>
    </message>
    <message>
        <source>random, best of two</source>
        <translation>随机，二选一</translation>
    </message>
    <message>
        <source>random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Listeners (%1)</source>
        <translation>监听器 (%1)</translation>
    </message>
    <message>
        <source>TLS with certificate %1</source>
        <translation>TLS，证书 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n SNI route(s)</source>
        <translation>
            <numerusform>%n 条 SNI 路由</numerusform>
        </translation>
    </message>
    <message>
        <source>disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Upstream groups (%1)</source>
        <translation>上游组 (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s)</source>
        <translation>
            <numerusform>%n 台服务器</numerusform>
        </translation>
    </message>
    <message>
        <source>health checks every %1</source>
        <translation>每 %1 健康检查一次</translation>
    </message>
    <message>
        <source>Certificates (%1)</source>
        <translation>证书 (%1)</translation>
    </message>
    <message>
        <source>one per CPU core</source>
        <translation>每个 CPU 核心一个</translation>
    </message>
    <message>
        <source>standard error</source>
        <translation>标准错误输出</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Worker threads</source>
        <translation>工作线程</translation>
    </message>
    <message>
        <source>Error log</source>
        <translation>错误日志</translation>
    </message>
    <message numerus="yes">
        <source>rotated at %1, %n old file(s) kept</source>
        <translation>
            <numerusform>达到 %1 时轮转，保留 %n 个旧文件</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConnectionZonesDialog</name>
    <message>
        <source>Connection zones</source>
        <translation>连接区域</translation>
    </message>
    <message>
        <source>A zone counts connections per value of its key, for every listener that limits by it. Keys use nginx's variables: %1.</source>
        <translation>区域按其键的每个取值统计连接数，适用于所有按该区域限制的监听器。键使用 nginx 的变量：%1。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Add zone</source>
        <translation>添加区域</translation>
    </message>
    <message>
        <source>Remove zone</source>
        <translation>删除区域</translation>
    </message>
    <message>
        <source>Zone %1: size "%2" is not a size; write it as nginx does, e.g. 1m or 64k</source>
        <translation>区域 %1：“%2”不是有效的大小；请按 nginx 的写法填写，例如 1m 或 64k</translation>
    </message>
</context>
<context>
    <name>ConnectionsModel</name>
    <message>
        <source>From the client: %1 bytes, to the upstream: %2 bytes
From the upstream: %3 bytes, to the client: %4 bytes</source>
        <translation>来自客户端：%1 字节，发往上游：%2 字节
来自上游：%3 字节，发往客户端：%4 字节</translation>
    </message>
    <message>
        <source>Started %1</source>
        <translation>开始于 %1</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>客户端</translation>
    </message>
    <message>
        <source>Listener</source>
        <translation>监听器</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>上游组</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Server name (SNI)</source>
        <translation>服务器名称 (SNI)</translation>
    </message>
    <message>
        <source>From client</source>
        <translation>来自客户端</translation>
    </message>
    <message>
        <source>To client</source>
        <translation>发往客户端</translation>
    </message>
    <message>
        <source>Upload rate</source>
        <translation>上传速率</translation>
    </message>
    <message>
        <source>Download rate</source>
        <translation>下载速率</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>空闲</translation>
    </message>
    <message>
        <source>reading PROXY header</source>
        <translation>正在读取 PROXY 头</translation>
    </message>
    <message>
        <source>TLS handshake</source>
        <translation>TLS 握手</translation>
    </message>
    <message>
        <source>reading SNI</source>
        <translation>正在读取 SNI</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>TLS handshake to upstream</source>
        <translation>与上游 TLS 握手</translation>
    </message>
    <message>
        <source>relaying</source>
        <translation>正在转发</translation>
    </message>
    <message>
        <source>returning text</source>
        <translation>正在返回文本</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <source>client closed</source>
        <translation>客户端已关闭</translation>
    </message>
    <message>
        <source>upstream closed</source>
        <translation>上游已关闭</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>timed out</source>
        <translation>已超时</translation>
    </message>
    <message>
        <source>closed by operator</source>
        <translation>已被操作员关闭</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>stopped with the engine or listener</source>
        <translation>随引擎或监听器停止</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>ConnectionsPage</name>
    <message>
        <source>Close selected</source>
        <translation>关闭所选</translation>
    </message>
    <message>
        <source>Close all filtered…</source>
        <translation>关闭所有筛选结果…</translation>
    </message>
    <message>
        <source>Filter connections</source>
        <translation>筛选连接</translation>
    </message>
    <message>
        <source>Any column</source>
        <translation>任意列</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>Recently closed</source>
        <translation>最近关闭</translation>
    </message>
    <message>
        <source>Close connections</source>
        <translation>关闭连接</translation>
    </message>
    <message numerus="yes">
        <source>Close %n connection(s) shown by the filter? Their clients and servers are disconnected at once.</source>
        <translation>
            <numerusform>关闭筛选显示的 %n 个连接？其客户端和服务器将立即断开。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s) closed</source>
        <translation>
            <numerusform>已关闭 %n 个连接</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n connection(s)</source>
        <translation>
            <numerusform>%n 个连接</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n connection(s)</source>
        <translation>
            <numerusform>%1 / %n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Show log lines of *%1</source>
        <translation>显示 *%1 的日志行</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>&lt;b&gt;Traffic&lt;/b&gt;</source>
        <translation>&lt;b&gt;流量&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Listeners&lt;/b&gt;</source>
        <translation>&lt;b&gt;监听器&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Listen</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>已接受</translation>
    </message>
    <message>
        <source>From clients</source>
        <translation>来自客户端</translation>
    </message>
    <message>
        <source>To clients</source>
        <translation>发往客户端</translation>
    </message>
    <message>
        <source>engine stopped</source>
        <translation>引擎已停止</translation>
    </message>
    <message numerus="yes">
        <source>from clients %1/s · to clients %2/s · %n connection(s)</source>
        <translation>
            <numerusform>来自客户端 %1/s · 发往客户端 %2/s · %n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>listening</source>
        <translation>监听中</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>%1 denied</source>
        <translation>%1 次拒绝</translation>
    </message>
    <message>
        <source>%1 refused: workers full</source>
        <translation>%1 次因工作线程已满被拒</translation>
    </message>
    <message>
        <source>%1 limited</source>
        <translation>%1 次被限制</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>Send &amp;test traffic…</source>
        <translation>发送测试流量(&amp;T)…</translation>
    </message>
    <message>
        <source>Send a short, bounded stream of connections through the listener selected below</source>
        <translation>通过下方所选的监听器发送一段短暂、有限的连接流</translation>
    </message>
</context>
<context>
    <name>DesktopApiSettings</name>
    <message>
        <source>HTTPS certificate</source>
        <translation>HTTPS 证书</translation>
    </message>
    <message>
        <source>a key file (%1) needs its certificate file; give both, or neither for HTTP</source>
        <translation>私钥文件 (%1) 需要对应的证书文件；请两者都提供，或都不提供以使用 HTTP</translation>
    </message>
    <message>
        <source>the certificate %1 needs its key file; give both, or neither for HTTP</source>
        <translation>证书 %1 需要对应的私钥文件；请两者都提供，或都不提供以使用 HTTP</translation>
    </message>
    <message>
        <source>HTTPS key</source>
        <translation>HTTPS 私钥</translation>
    </message>
    <message>
        <source>"%1" is not a file; choose an existing PEM file</source>
        <translation>“%1”不是文件；请选择一个已存在的 PEM 文件</translation>
    </message>
    <message>
        <source>Listen address</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>choose a certificate and key</source>
        <translation>请选择证书和私钥</translation>
    </message>
    <message>
        <source>create one with New token…</source>
        <translation>请通过“新建令牌…”创建一个</translation>
    </message>
</context>
<context>
    <name>DesktopIntegration</name>
    <message>
        <source>Listeners</source>
        <translation>监听器</translation>
    </message>
    <message>
        <source>&amp;Show Portier</source>
        <translation>显示 Portier(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Start engine</source>
        <translation>启动引擎(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top engine</source>
        <translation>停止引擎(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>No listeners</source>
        <translation>没有监听器</translation>
    </message>
    <message>
        <source>Engine stopped</source>
        <translation>引擎已停止</translation>
    </message>
    <message>
        <source>&amp;Hide Portier</source>
        <translation>隐藏 Portier(&amp;H)</translation>
    </message>
    <message numerus="yes">
        <source>listening, %n connection(s)</source>
        <translation>
            <numerusform>监听中，%n 个连接</numerusform>
        </translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Upstream server unavailable</source>
        <translation>上游服务器不可用</translation>
    </message>
    <message>
        <source>%1 in group %2 failed; Portier sends its connections to the other servers for now.</source>
        <translation>组 %2 中的 %1 已失败；Portier 暂时把它的连接转发给其他服务器。</translation>
    </message>
    <message>
        <source>Upstream server back</source>
        <translation>上游服务器已恢复</translation>
    </message>
    <message>
        <source>Portier — %1</source>
        <translation>Portier — %1</translation>
    </message>
    <message>
        <source>%1 of %2 listeners up</source>
        <translation>%2 个监听器中 %1 个在运行</translation>
    </message>
    <message numerus="yes">
        <source>%n active connection(s)</source>
        <translation>
            <numerusform>%n 个活动连接</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 in group %2 passes its health checks again (%3) and gets connections.</source>
        <translation>组 %2 中的 %1 重新通过了健康检查（%3），开始接收连接。</translation>
    </message>
    <message>
        <source>Upstream server unhealthy</source>
        <translation>上游服务器不健康</translation>
    </message>
    <message>
        <source>%1 in group %2 failed its health checks: %3. Portier sends its connections to the other servers until it passes again.</source>
        <translation>组 %2 中的 %1 未通过健康检查：%3。在它重新通过之前，Portier 把连接转给其他服务器。</translation>
    </message>
    <message>
        <source>%1 in group %2 gets connections again.</source>
        <translation>组 %2 中的 %1 重新接收连接。</translation>
    </message>
    <message>
        <source>&amp;Retry failed listeners</source>
        <translation>重试失败的监听器(&amp;R)</translation>
    </message>
    <message>
        <source>Portier is degraded</source>
        <translation>Portier 处于降级状态</translation>
    </message>
    <message>
        <source>%1: %2. The other listeners keep serving; choose Retry in this menu once the cause is fixed.</source>
        <translation>%1：%2。其他监听器继续提供服务；排除原因后，请在此菜单中选择“重试”。</translation>
    </message>
    <message>
        <source>%1 is not listening</source>
        <translation>%1 未在监听</translation>
    </message>
    <message>
        <source>Certificate expired</source>
        <translation>证书已过期</translation>
    </message>
    <message>
        <source>Certificate %1 expired on %2; clients refuse it. Renew it.</source>
        <translation>证书 %1 已于 %2 过期；客户端会拒绝它。请续期。</translation>
    </message>
    <message>
        <source>Certificate expires soon</source>
        <translation>证书即将过期</translation>
    </message>
    <message numerus="yes">
        <source>Certificate %1 expires on %2 (in %n day(s)). Renew it before then.</source>
        <translation>
            <numerusform>证书 %1 将于 %2 过期（%n 天后）。请在此之前续期。</numerusform>
        </translation>
    </message>
    <message>
        <source>Server %1 in group %2 is down</source>
        <translation>组 %2 中的服务器 %1 不可用</translation>
    </message>
    <message numerus="yes">
        <source>and %n more problem(s)</source>
        <translation>
            <numerusform>另有 %n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <source>↑ %1/s from clients · ↓ %2/s to clients</source>
        <translation>↑ 来自客户端 %1/s · ↓ 发往客户端 %2/s</translation>
    </message>
</context>
<context>
    <name>Duration</name>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
</context>
<context>
    <name>DurationEdit</name>
    <message>
        <source>ms</source>
        <translation>毫秒</translation>
    </message>
    <message>
        <source>s</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>min</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>h</source>
        <translation>小时</translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>运行中</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Degraded: %1 of %2 listeners failed</source>
        <translation>降级：%2 个监听器中有 %1 个失败</translation>
    </message>
    <message>
        <source>%1 is not listening</source>
        <translation>%1 未在监听</translation>
    </message>
    <message>
        <source>the engine is not running</source>
        <translation>引擎未在运行</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
</context>
<context>
    <name>EngineStatusBar</name>
    <message>
        <source>Bytes per second from clients to the servers, and from the servers back to clients</source>
        <translation>每秒从客户端发往服务器、以及从服务器返回客户端的字节数</translation>
    </message>
    <message>
        <source>Engine: %1</source>
        <translation>引擎：%1</translation>
    </message>
    <message>
        <source>Listeners up: %1/%2</source>
        <translation>运行中的监听器：%1/%2</translation>
    </message>
    <message>
        <source>Listeners up: 0/%1</source>
        <translation>运行中的监听器：0/%1</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>连接数：%1</translation>
    </message>
    <message>
        <source>From clients %1/s · to clients %2/s</source>
        <translation>来自客户端 %1/s · 发往客户端 %2/s</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Apply the running configuration again: failed listeners try to bind again, the others keep their connections</source>
        <translation>重新应用当前运行的配置：失败的监听器会再次尝试绑定，其他监听器保持现有连接</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>FirstStartGuide</name>
    <message>
        <source>&lt;b&gt;Welcome to Portier&lt;/b&gt;</source>
        <translation>&lt;b&gt;欢迎使用 Portier&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Nothing is configured yet. Portier accepts connections on a listener and forwards them to the servers of an upstream group. Start with one of these:</source>
        <translation>尚未配置任何内容。Portier 在监听器上接受连接，并将其转发到上游组的服务器。可以从以下任一项开始：</translation>
    </message>
    <message>
        <source>Add a &amp;listener</source>
        <translation>添加监听器(&amp;L)</translation>
    </message>
    <message>
        <source>Choose an address and port, then the servers to forward to.</source>
        <translation>选择地址和端口，再选择要转发到的服务器。</translation>
    </message>
    <message>
        <source>&amp;Import an nginx config…</source>
        <translation>导入 nginx 配置(&amp;I)…</translation>
    </message>
    <message>
        <source>Bring in the stream {} block of an nginx configuration.</source>
        <translation>导入 nginx 配置中的 stream {} 块。</translation>
    </message>
    <message>
        <source>Open the &amp;sample</source>
        <translation>打开示例(&amp;S)</translation>
    </message>
    <message>
        <source>A round robin on 127.0.0.1:30003 over two servers, copied to your configuration folder to edit.</source>
        <translation>在 127.0.0.1:30003 上对两台服务器轮询，复制到您的配置文件夹中供编辑。</translation>
    </message>
</context>
<context>
    <name>IssueLocation</name>
    <message>
        <source>Listener %1</source>
        <translation>监听器 %1</translation>
    </message>
    <message>
        <source>Upstream group %1</source>
        <translation>上游组 %1</translation>
    </message>
    <message>
        <source>Certificate %1</source>
        <translation>证书 %1</translation>
    </message>
    <message>
        <source>Connection zone %1</source>
        <translation>连接区域 %1</translation>
    </message>
    <message>
        <source>Log format %1</source>
        <translation>日志格式 %1</translation>
    </message>
    <message>
        <source>Map %1</source>
        <translation>map %1</translation>
    </message>
    <message>
        <source>split_clients %1</source>
        <translation>split_clients %1</translation>
    </message>
    <message>
        <source>API token %1</source>
        <translation>API 令牌 %1</translation>
    </message>
    <message>
        <source>%1, entry %2</source>
        <translation>%1，第 %2 项</translation>
    </message>
    <message>
        <source>server %1</source>
        <translation>服务器 %1</translation>
    </message>
    <message>
        <source>server %1 (%2)</source>
        <translation>服务器 %1 (%2)</translation>
    </message>
    <message>
        <source>access rule %1</source>
        <translation>访问规则 %1</translation>
    </message>
    <message>
        <source>access rule %1 (%2 %3)</source>
        <translation>访问规则 %1 (%2 %3)</translation>
    </message>
    <message>
        <source>connection limit %1</source>
        <translation>连接限制 %1</translation>
    </message>
    <message>
        <source>connection limit %1 (zone %2)</source>
        <translation>连接限制 %1（区域 %2）</translation>
    </message>
    <message>
        <source>entry %1</source>
        <translation>第 %1 项</translation>
    </message>
    <message>
        <source>entry %1 (%2)</source>
        <translation>第 %1 项 (%2)</translation>
    </message>
    <message>
        <source>bucket %1</source>
        <translation>分桶 %1</translation>
    </message>
    <message>
        <source>bucket %1 (%2)</source>
        <translation>分桶 %1 (%2)</translation>
    </message>
    <message>
        <source>, entry %1</source>
        <translation>，第 %1 项</translation>
    </message>
</context>
<context>
    <name>LimitsEdit</name>
    <message>
        <source>Add limit</source>
        <translation>添加限制</translation>
    </message>
    <message>
        <source>Count connections in a zone and refuse those over N (nginx's limit_conn)</source>
        <translation>在区域中统计连接数，拒绝超过 N 的连接（nginx 的 limit_conn）</translation>
    </message>
    <message>
        <source>Zones...</source>
        <translation>区域…</translation>
    </message>
    <message>
        <source>Define the zones: what connections are counted by ($binary_remote_addr: per client address)</source>
        <translation>定义区域：按什么统计连接（$binary_remote_addr：按客户端地址）</translation>
    </message>
    <message>
        <source>Connection limits:</source>
        <translation>连接限制：</translation>
    </message>
    <message>
        <source>The level of "limiting connections" lines (limit_conn_log_level)</source>
        <translation>“limiting connections”日志行的级别（limit_conn_log_level）</translation>
    </message>
    <message>
        <source>Log refusals at:</source>
        <translation>拒绝记录级别：</translation>
    </message>
    <message>
        <source>Dry run: log, but refuse no one</source>
        <translation>试运行：只记录日志，不拒绝任何连接</translation>
    </message>
    <message>
        <source>no cap</source>
        <translation>不设上限</translation>
    </message>
    <message>
        <source>Connections this listener holds at once from all clients together</source>
        <translation>此监听器同时保持的连接总数（所有客户端合计）</translation>
    </message>
    <message>
        <source>Max connections:</source>
        <translation>最大连接数：</translation>
    </message>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Bytes per second read from each client, as nginx writes sizes: 512k, 1m (proxy_upload_rate)</source>
        <translation>每个客户端每秒读取的字节数，按 nginx 的大小写法：512k、1m（proxy_upload_rate）</translation>
    </message>
    <message>
        <source>Upload rate (per second):</source>
        <translation>上传速率（每秒）：</translation>
    </message>
    <message>
        <source>Bytes per second read from the server for each connection: 512k, 1m (proxy_download_rate)</source>
        <translation>每个连接每秒从服务器读取的字节数：512k、1m（proxy_download_rate）</translation>
    </message>
    <message>
        <source>Download rate (per second):</source>
        <translation>下载速率（每秒）：</translation>
    </message>
    <message>
        <source>"%1" is not a rate; write bytes per second as nginx does, e.g. 512k or 1m, or leave it empty</source>
        <translation>“%1”不是有效的速率；请按 nginx 的写法填写每秒字节数，例如 512k 或 1m，或留空</translation>
    </message>
    <message>
        <source>Define a zone first (Zones...)</source>
        <translation>请先定义区域（区域…）</translation>
    </message>
    <message>
        <source> connections</source>
        <translation> 个连接</translation>
    </message>
    <message>
        <source>Remove this limit</source>
        <translation>删除此限制</translation>
    </message>
    <message>
        <source>Limit %1: %2</source>
        <translation>限制 %1：%2</translation>
    </message>
</context>
<context>
    <name>ListenerEditor</name>
    <message>
        <source>Enabled — listen for connections</source>
        <translation>启用 — 接受连接</translation>
    </message>
    <message>
        <source>A disabled listener is kept in the configuration but not started</source>
        <translation>停用的监听器保留在配置中，但不会启动</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>监听地址(&amp;L)：</translation>
    </message>
    <message>
        <source>An address of this machine; 0.0.0.0 listens on every IPv4 address, empty means the same (a bare port, as in nginx)</source>
        <translation>本机的一个地址；0.0.0.0 表示监听所有 IPv4 地址，留空效果相同（即只写端口，与 nginx 相同）</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>P&amp;rotocol:</source>
        <translation>协议(&amp;R)：</translation>
    </message>
    <message>
        <source>TCP</source>
        <translation>TCP</translation>
    </message>
    <message>
        <source>UDP</source>
        <translation>UDP</translation>
    </message>
    <message>
        <source>&amp;Forward to:</source>
        <translation>转发到(&amp;F)：</translation>
    </message>
    <message>
        <source>An upstream group, or a single server as host:port (nginx proxy_pass)</source>
        <translation>上游组，或以 host:port 表示的单个服务器（nginx proxy_pass）</translation>
    </message>
    <message>
        <source>&amp;Idle timeout:</source>
        <translation>空闲超时(&amp;I)：</translation>
    </message>
    <message>
        <source>Close a connection when neither side sent anything for this long (nginx proxy_timeout, default 10 min)</source>
        <translation>双方在此时长内都未发送任何数据时关闭连接（nginx proxy_timeout，默认 10 分钟）</translation>
    </message>
    <message>
        <source>&amp;Connect timeout:</source>
        <translation>连接超时(&amp;C)：</translation>
    </message>
    <message>
        <source>How long to wait for a server to accept (nginx proxy_connect_timeout, default 60 s)</source>
        <translation>等待服务器接受连接的时长（nginx proxy_connect_timeout，默认 60 秒）</translation>
    </message>
    <message>
        <source>TLS &amp;termination (ssl)</source>
        <translation>TLS 终止 (ssl)(&amp;T)</translation>
    </message>
    <message>
        <source>C&amp;ertificate:</source>
        <translation>证书(&amp;E)：</translation>
    </message>
    <message>
        <source>Protocols:</source>
        <translation>协议版本：</translation>
    </message>
    <message>
        <source>TLS 1.2</source>
        <translation>TLS 1.2</translation>
    </message>
    <message>
        <source>TLS 1.3</source>
        <translation>TLS 1.3</translation>
    </message>
    <message>
        <source>C&amp;iphers:</source>
        <translation>加密套件(&amp;I)：</translation>
    </message>
    <message>
        <source>OpenSSL cipher list for TLS 1.2 (nginx ssl_ciphers)</source>
        <translation>TLS 1.2 的 OpenSSL 加密套件列表（nginx ssl_ciphers）</translation>
    </message>
    <message>
        <source>Session timeout:</source>
        <translation>会话超时：</translation>
    </message>
    <message>
        <source>Session tickets</source>
        <translation>会话票据</translation>
    </message>
    <message>
        <source>When a server fails</source>
        <translation>服务器失败时</translation>
    </message>
    <message>
        <source>Try the next server (proxy_next_upstream)</source>
        <translation>尝试下一台服务器 (proxy_next_upstream)</translation>
    </message>
    <message>
        <source>At most:</source>
        <translation>最多：</translation>
    </message>
    <message>
        <source>unlimited tries</source>
        <translation>不限次数</translation>
    </message>
    <message>
        <source> tries</source>
        <translation> 次</translation>
    </message>
    <message>
        <source>Within:</source>
        <translation>时限：</translation>
    </message>
    <message>
        <source>0 = no limit (nginx proxy_next_upstream_timeout)</source>
        <translation>0 = 不限（nginx proxy_next_upstream_timeout）</translation>
    </message>
    <message>
        <source>Pass half-closes on (proxy_half_close)</source>
        <translation>传递半关闭 (proxy_half_close)</translation>
    </message>
    <message>
        <source>Every IPv4 address of this machine</source>
        <translation>本机的所有 IPv4 地址</translation>
    </message>
    <message>
        <source>This machine only</source>
        <translation>仅本机</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>监听地址</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Forward to</source>
        <translation>转发到</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <source>Connect timeout</source>
        <translation>连接超时</translation>
    </message>
    <message>
        <source>TLS</source>
        <translation>TLS</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>TLS protocols</source>
        <translation>TLS 协议版本</translation>
    </message>
    <message>
        <source>Tries</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Next server within</source>
        <translation>下一台服务器时限</translation>
    </message>
    <message>
        <source>Session c&amp;ache:</source>
        <translation>会话缓存(&amp;A)：</translation>
    </message>
    <message>
        <source>Session cache</source>
        <translation>会话缓存</translation>
    </message>
    <message>
        <source>&amp;Access (allow / deny)</source>
        <translation>访问控制 (allow / deny)(&amp;A)</translation>
    </message>
    <message>
        <source>Which client addresses may connect, as nginx's allow and deny: checked in order, the first match decides</source>
        <translation>哪些客户端地址可以连接，同 nginx 的 allow 和 deny：按顺序检查，第一条匹配的规则生效</translation>
    </message>
    <message>
        <source>&amp;Limits (limit_conn, rates)</source>
        <translation>限制 (limit_conn、速率)(&amp;L)</translation>
    </message>
    <message>
        <source>How many connections clients may hold (by zone, and for the whole listener) and how fast each connection may send, as nginx's limit_conn and proxy_upload_rate / proxy_download_rate</source>
        <translation>客户端可以保持多少连接（按区域，以及整个监听器），以及每个连接的发送速度，同 nginx 的 limit_conn 和 proxy_upload_rate / proxy_download_rate</translation>
    </message>
    <message>
        <source>Other computers can connect here: the first time this listener opens, Windows Defender Firewall asks whether to allow Portier; allow it, or their connections are dropped (see docs/windows.md).</source>
        <translation>其他计算机可以连接到这里：此监听器首次打开时，Windows Defender 防火墙会询问是否允许 Portier；请允许，否则它们的连接会被丢弃（参见 docs/windows.md）。</translation>
    </message>
    <message>
        <source>Ports below %1 need root on Linux: give the program the CAP_NET_BIND_SERVICE capability (sudo setcap cap_net_bind_service=+ep PROGRAM), or choose a port from %1 up.</source>
        <translation>在 Linux 上，低于 %1 的端口需要 root 权限：请为程序授予 CAP_NET_BIND_SERVICE 能力（sudo setcap cap_net_bind_service=+ep PROGRAM），或选择 %1 及以上的端口。</translation>
    </message>
    <message>
        <source>The last port of a range (listen 127.0.0.1:12345-12350): one socket per port, each served alike</source>
        <translation>端口范围的最后一个端口（listen 127.0.0.1:12345-12350）：每个端口一个套接字，处理方式都相同</translation>
    </message>
    <message>
        <source>to </source>
        <translation>至 </translation>
    </message>
    <message>
        <source>single port</source>
        <translation>单个端口</translation>
    </message>
    <message>
        <source>An upstream group, a single server as host:port, or a variable such as $pool whose map or split_clients names the group (nginx proxy_pass)</source>
        <translation>上游组、以 host:port 表示的单个服务器，或由 map 或 split_clients 给出组名的变量（如 $pool）（nginx proxy_pass）</translation>
    </message>
    <message>
        <source>Answer with text</source>
        <translation>以文本应答</translation>
    </message>
    <message>
        <source>&amp;Access log (access_log)</source>
        <translation>访问日志 (access_log)(&amp;A)</translation>
    </message>
    <message>
        <source>A line per session, written when it ends, as nginx's access_log</source>
        <translation>每个会话一行，在会话结束时写入，同 nginx 的 access_log</translation>
    </message>
    <message>
        <source>New group…</source>
        <translation>新建上游组…</translation>
    </message>
    <message>
        <source>Create an upstream group and forward this listener to it</source>
        <translation>新建一个上游组，并让此监听器转发到该组</translation>
    </message>
</context>
<context>
    <name>ListenersPage</name>
    <message>
        <source>&lt;b&gt;Listeners&lt;/b&gt;</source>
        <translation>&lt;b&gt;监听器&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a listener</source>
        <translation>添加监听器</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Add a copy of the selected listener on the next port</source>
        <translation>在下一个端口上添加所选监听器的副本</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected listener</source>
        <translation>删除所选监听器</translation>
    </message>
    <message>
        <source>No listener yet. A listener accepts connections on an address and port of this machine and forwards them to an upstream group. Click Add to create one.</source>
        <translation>还没有监听器。监听器在本机的某个地址和端口上接受连接，并把它们转发给一个上游组。点击“添加”创建一个。</translation>
    </message>
    <message>
        <source>(disabled)</source>
        <translation>（已禁用）</translation>
    </message>
    <message numerus="yes">
        <source>Listening; %n active connection(s)</source>
        <translation>
            <numerusform>监听中；%n 个活动连接</numerusform>
        </translation>
    </message>
    <message>
        <source>Not running; Apply or Start to listen</source>
        <translation>未运行；点击“应用”或“启动”开始监听</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已禁用</translation>
    </message>
    <message>
        <source>Edit listener %1</source>
        <translation>编辑监听器 %1</translation>
    </message>
    <message>
        <source>Add listener %1</source>
        <translation>添加监听器 %1</translation>
    </message>
    <message>
        <source>Duplicate listener %1</source>
        <translation>复制监听器 %1</translation>
    </message>
    <message>
        <source>Remove listener %1</source>
        <translation>删除监听器 %1</translation>
    </message>
    <message>
        <source>Edit connection zones</source>
        <translation>编辑连接区域</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Edit log formats</source>
        <translation>编辑日志格式</translation>
    </message>
    <message>
        <source>Test traffic…</source>
        <translation>测试流量…</translation>
    </message>
    <message>
        <source>Send a short, bounded stream of connections through the selected running listener</source>
        <translation>通过所选的运行中监听器发送一段短暂、有限的连接流</translation>
    </message>
    <message>
        <source>Send &amp;test traffic…</source>
        <translation>发送测试流量(&amp;T)…</translation>
    </message>
    <message>
        <source>Add upstream group %1 for listener %2</source>
        <translation>为监听器 %2 添加上游组 %1</translation>
    </message>
</context>
<context>
    <name>LogFormatsDialog</name>
    <message>
        <source>Log formats</source>
        <translation>日志格式</translation>
    </message>
    <message>
        <source>A format is the text of one access log line, written when a session ends. Variables: %1.</source>
        <translation>格式是访问日志中一行的文本，在会话结束时写入。变量：%1。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Escaping</source>
        <translation>转义</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Add format</source>
        <translation>添加格式</translation>
    </message>
    <message>
        <source>Remove format</source>
        <translation>删除格式</translation>
    </message>
</context>
<context>
    <name>LogModel</name>
    <message>
        <source>Show only connection *%1's lines</source>
        <translation>只显示连接 *%1 的日志行</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
</context>
<context>
    <name>LogsPage</name>
    <message>
        <source>&amp;Level:</source>
        <translation>级别(&amp;L)：</translation>
    </message>
    <message>
        <source>Search the log</source>
        <translation>搜索日志</translation>
    </message>
    <message>
        <source>C&amp;onnection:</source>
        <translation>连接(&amp;O)：</translation>
    </message>
    <message>
        <source>all, or *N</source>
        <translation>全部，或 *N</translation>
    </message>
    <message>
        <source>Show only the lines of one connection: its number (the *N in the log). Clicking a connection in the list fills it in.</source>
        <translation>只显示某个连接的日志行：填写其编号（日志中的 *N）。在列表中点击某个连接即可自动填入。</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Hold new lines back while you read; they are added when you resume.</source>
        <translation>阅读时暂不显示新的日志行；继续后再添加。</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected lines as the log file has them.</source>
        <translation>按日志文件中的原样复制所选的行。</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the lines shown to a file.</source>
        <translation>把显示的日志行保存到文件。</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>清空(&amp;L)</translation>
    </message>
    <message>
        <source>Empty this view; the log file keeps every line.</source>
        <translation>清空此视图；日志文件仍保留所有行。</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Notice and worse</source>
        <translation>通知及以上</translation>
    </message>
    <message>
        <source>Warnings and worse</source>
        <translation>警告及以上</translation>
    </message>
    <message>
        <source>Errors and worse</source>
        <translation>错误及以上</translation>
    </message>
    <message>
        <source>Save log lines</source>
        <translation>保存日志行</translation>
    </message>
    <message>
        <source>Log files (*.log *.txt);;All files (*)</source>
        <translation>日志文件 (*.log *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Portier</source>
        <translation>Portier</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n line(s) shown</source>
        <translation>
            <numerusform>显示 %n 行中的 %1 行</numerusform>
        </translation>
    </message>
    <message>
        <source>connection *%1</source>
        <translation>连接 *%1</translation>
    </message>
    <message numerus="yes">
        <source>paused: %n new line(s) held</source>
        <translation>
            <numerusform>已暂停：暂存 %n 行新日志</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 older lines not kept here (the log file has them)</source>
        <translation>此处未保留 %1 行较早的日志（日志文件中有）</translation>
    </message>
    <message>
        <source>Resume (%1)</source>
        <translation>继续 (%1)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Portier</source>
        <translation>Portier</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>仪表盘</translation>
    </message>
    <message>
        <source>Listeners</source>
        <translation>监听器</translation>
    </message>
    <message>
        <source>Upstream groups</source>
        <translation>上游组</translation>
    </message>
    <message>
        <source>Certificates</source>
        <translation>证书</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>E&amp;ngine</source>
        <translation>引擎(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>查看(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>工具栏</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty configuration</source>
        <translation>新建空配置</translation>
    </message>
    <message>
        <source>Ctrl+N</source>
        <translation>Ctrl+N</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a configuration file</source>
        <translation>打开配置文件</translation>
    </message>
    <message>
        <source>Ctrl+O</source>
        <translation>Ctrl+O</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Ctrl+S</source>
        <translation>Ctrl+S</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+S</source>
        <translation>Ctrl+Shift+S</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Stop the engine and quit Portier</source>
        <translation>停止引擎并退出 Portier</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>首选项(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start the engine with this configuration</source>
        <translation>用此配置启动引擎</translation>
    </message>
    <message>
        <source>F5</source>
        <translation>F5</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the engine: close every listener and connection</source>
        <translation>停止引擎：关闭所有监听器和连接</translation>
    </message>
    <message>
        <source>Shift+F5</source>
        <translation>Shift+F5</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>应用(&amp;A)</translation>
    </message>
    <message>
        <source>Run the edited configuration; established connections are kept</source>
        <translation>运行编辑后的配置；已建立的连接保持不变</translation>
    </message>
    <message>
        <source>Ctrl+Return</source>
        <translation>Ctrl+Return</translation>
    </message>
    <message>
        <source>&amp;Revert</source>
        <translation>还原(&amp;R)</translation>
    </message>
    <message>
        <source>Go back to the configuration the engine runs</source>
        <translation>回到引擎正在运行的配置</translation>
    </message>
    <message>
        <source>&amp;Dashboard</source>
        <translation>仪表盘(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+1</source>
        <translation>Ctrl+1</translation>
    </message>
    <message>
        <source>&amp;Listeners</source>
        <translation>监听器(&amp;L)</translation>
    </message>
    <message>
        <source>Ctrl+2</source>
        <translation>Ctrl+2</translation>
    </message>
    <message>
        <source>&amp;Upstream groups</source>
        <translation>上游组(&amp;U)</translation>
    </message>
    <message>
        <source>Ctrl+3</source>
        <translation>Ctrl+3</translation>
    </message>
    <message>
        <source>&amp;Certificates</source>
        <translation>证书(&amp;C)</translation>
    </message>
    <message>
        <source>Ctrl+4</source>
        <translation>Ctrl+4</translation>
    </message>
    <message>
        <source>&amp;About Portier</source>
        <translation>关于 Portier(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>%1[*] — Portier</source>
        <translation>%1[*] — Portier</translation>
    </message>
    <message>
        <source>&amp;Apply and start</source>
        <translation>应用并启动(&amp;A)</translation>
    </message>
    <message>
        <source>Listeners (%1)</source>
        <translation>监听器 (%1)</translation>
    </message>
    <message>
        <source>Upstream groups (%1)</source>
        <translation>上游组 (%1)</translation>
    </message>
    <message>
        <source>Certificates (%1)</source>
        <translation>证书 (%1)</translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s)</source>
        <translation>
            <numerusform>%n 个问题</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot open %1:

%2</source>
        <translation>无法打开 %1：

%2</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>%1 has changes that are not saved. Save them?</source>
        <translation>%1 有未保存的更改。是否保存？</translation>
    </message>
    <message>
        <source>Open configuration</source>
        <translation>打开配置</translation>
    </message>
    <message>
        <source>Portier configuration (*.json);;All files (*)</source>
        <translation>Portier 配置 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Save configuration</source>
        <translation>保存配置</translation>
    </message>
    <message>
        <source>Portier configuration (*.json)</source>
        <translation>Portier 配置 (*.json)</translation>
    </message>
    <message>
        <source>Revert to the running configuration</source>
        <translation>还原为正在运行的配置</translation>
    </message>
    <message>
        <source>Cannot change starting at login: %1</source>
        <translation>无法更改登录时启动设置：%1</translation>
    </message>
    <message>
        <source>Portier is still running</source>
        <translation>Portier 仍在运行</translation>
    </message>
    <message>
        <source>Portier keeps forwarding connections in the background. Click the tray icon to open the window, or choose Quit from its menu to stop.</source>
        <translation>Portier 会在后台继续转发连接。单击托盘图标可打开窗口，或在其菜单中选择“退出”以停止。</translation>
    </message>
    <message>
        <source>Quit Portier?</source>
        <translation>退出 Portier？</translation>
    </message>
    <message>
        <source>Closing the window quits Portier: the engine stops and every connection through it is closed.</source>
        <translation>关闭窗口将退出 Portier：引擎停止，经由它的所有连接都会关闭。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>&amp;Import nginx config…</source>
        <translation>导入 nginx 配置(&amp;I)…</translation>
    </message>
    <message>
        <source>Read the stream {} block of an nginx configuration into this one</source>
        <translation>把 nginx 配置中的 stream {} 块读入当前配置</translation>
    </message>
    <message>
        <source>&amp;Export nginx config…</source>
        <translation>导出 nginx 配置(&amp;E)…</translation>
    </message>
    <message>
        <source>Write this configuration as nginx stream {} syntax</source>
        <translation>把当前配置写成 nginx stream {} 语法</translation>
    </message>
    <message>
        <source>Import nginx configuration</source>
        <translation>导入 nginx 配置</translation>
    </message>
    <message>
        <source>nginx configuration (*.conf);;All files (*)</source>
        <translation>nginx 配置 (*.conf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import nginx config %1</source>
        <translation>导入 nginx 配置 %1</translation>
    </message>
    <message numerus="yes">
        <source>%n listener(s)</source>
        <translation>
            <numerusform>%n 个监听器</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n upstream group(s)</source>
        <translation>
            <numerusform>%n 个上游组</numerusform>
        </translation>
    </message>
    <message>
        <source>Imported %1: %2, %3.</source>
        <translation>已导入 %1：%2，%3。</translation>
    </message>
    <message>
        <source>The engine refused the configuration; the previous one keeps running:</source>
        <translation>引擎拒绝了此配置；之前的配置继续运行：</translation>
    </message>
    <message>
        <source>Open the last good version (%1)?

It opens as an unsaved change; Save writes it to %2 and keeps the damaged file as %3.</source>
        <translation>打开上一个正常版本（%1）吗？

它会作为未保存的更改打开；“保存”会将其写入 %2，并把损坏的文件保留为 %3。</translation>
    </message>
    <message>
        <source>Open the last good version</source>
        <translation>打开上一个正常版本</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Trust this certificate?</source>
        <translation>信任此证书？</translation>
    </message>
    <message>
        <source>Connect to portierd</source>
        <translation>连接到 portierd</translation>
    </message>
    <message>
        <source>&amp;Connect to portierd…</source>
        <translation>连接到 portierd(&amp;C)…</translation>
    </message>
    <message>
        <source>Show and steer a portierd on another machine through its control API</source>
        <translation>通过控制 API 查看并控制另一台机器上的 portierd</translation>
    </message>
    <message>
        <source>%1 refused the configuration; the previous one keeps running:</source>
        <translation>%1 拒绝了该配置；之前的配置继续运行：</translation>
    </message>
    <message>
        <source>Cannot open the sample: %1</source>
        <translation>无法打开示例：%1</translation>
    </message>
    <message>
        <source>Opened your copy of the sample: %1</source>
        <translation>已打开您的示例副本：%1</translation>
    </message>
</context>
<context>
    <name>NewGroupDialog</name>
    <message>
        <source>New upstream group</source>
        <translation>新建上游组</translation>
    </message>
    <message>
        <source>The listener forwards to the new group. Add more servers and choose how they share the connections on the Upstream groups page.</source>
        <translation>监听器将转发到新的上游组。可在“上游组”页面添加更多服务器，并选择它们分担连接的方式。</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>First &amp;server:</source>
        <translation>第一台服务器(&amp;S)：</translation>
    </message>
    <message>
        <source>host:port</source>
        <translation>主机:端口</translation>
    </message>
    <message>
        <source>Give the group a name, such as backend.</source>
        <translation>请为上游组命名，例如 backend。</translation>
    </message>
    <message>
        <source>A group named "%1" exists already; choose another name.</source>
        <translation>名为“%1”的上游组已存在；请换一个名称。</translation>
    </message>
    <message>
        <source>Name: %1</source>
        <translation>名称：%1</translation>
    </message>
    <message>
        <source>First server: %1</source>
        <translation>第一台服务器：%1</translation>
    </message>
</context>
<context>
    <name>NginxExportDialog</name>
    <message>
        <source>Export nginx configuration</source>
        <translation>导出 nginx 配置</translation>
    </message>
    <message>
        <source>Write</source>
        <translation>写出</translation>
    </message>
    <message>
        <source>A stream {} &amp;snippet to include in an existing nginx.conf</source>
        <translation>stream {} 片段，供现有 nginx.conf 引用(&amp;S)</translation>
    </message>
    <message>
        <source>A complete, stand&amp;alone nginx.conf</source>
        <translation>完整、独立的 nginx.conf(&amp;A)</translation>
    </message>
    <message>
        <source>For</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>nginx &amp;version:</source>
        <translation>nginx 版本(&amp;V)：</translation>
    </message>
    <message>
        <source>The nginx release that will run the file, as nginx -v prints it (1.22, 1.24.0, …)</source>
        <translation>将运行此文件的 nginx 版本，按 nginx -v 的格式填写（1.22、1.24.0 等）</translation>
    </message>
    <message>
        <source>&amp;load_module:</source>
        <translation>load_module(&amp;L)：</translation>
    </message>
    <message>
        <source>none: the stream module is built into nginx</source>
        <translation>不写：stream 模块已编译进 nginx</translation>
    </message>
    <message>
        <source>&amp;pid:</source>
        <translation>pid(&amp;P)：</translation>
    </message>
    <message>
        <source>nginx's default</source>
        <translation>nginx 默认值</translation>
    </message>
    <message>
        <source>&amp;error_log:</source>
        <translation>error_log(&amp;E)：</translation>
    </message>
    <message>
        <source>nginx's own error log; the configuration's error_log is written inside stream {}</source>
        <translation>nginx 自身的错误日志；配置中的 error_log 写在 stream {} 内</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>What</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the text to the clipboard</source>
        <translation>把文本复制到剪贴板</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>Write the text to a file</source>
        <translation>把文本写入文件</translation>
    </message>
    <message>
        <source>Debian 11, Ubuntu 22.04</source>
        <translation>Debian 11、Ubuntu 22.04</translation>
    </message>
    <message>
        <source>Debian 12</source>
        <translation>Debian 12</translation>
    </message>
    <message>
        <source>Ubuntu 24.04</source>
        <translation>Ubuntu 24.04</translation>
    </message>
    <message>
        <source>Debian 13</source>
        <translation>Debian 13</translation>
    </message>
    <message>
        <source>stable</source>
        <translation>稳定版</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>nginx version</source>
        <translation>nginx 版本</translation>
    </message>
    <message>
        <source>Type the nginx version as nginx -v prints it, for example 1.22.</source>
        <translation>请按 nginx -v 的格式输入 nginx 版本，例如 1.22。</translation>
    </message>
    <message>
        <source>active health checks (NGINX Plus only)</source>
        <translation>主动健康检查（仅 NGINX Plus）</translation>
    </message>
    <message>
        <source>Not in nginx %1: %2. The file says so in comments and uses the nearest directive nginx has.</source>
        <translation>nginx %1 不支持：%2。文件中以注释说明，并使用 nginx 已有的最接近的指令。</translation>
    </message>
    <message>
        <source>Nothing to show: nginx would refuse this configuration for the reasons listed above.</source>
        <translation>无内容可显示：由于上面列出的原因，nginx 会拒绝此配置。</translation>
    </message>
    <message>
        <source>File paths</source>
        <translation>文件路径</translation>
    </message>
    <message>
        <source>The configuration is not saved yet, so its relative file paths stay relative and nginx reads them against its prefix. Save the configuration first to write them in full.</source>
        <translation>配置尚未保存，相对文件路径保持相对，nginx 会相对其前缀目录解析。请先保存配置，以写出完整路径。</translation>
    </message>
    <message>
        <source>&lt;span style="color:#b00020"&gt;Nothing to save until the nginx version is one nginx has.&lt;/span&gt;</source>
        <translation>&lt;span style="color:#b00020"&gt;请先填写一个有效的 nginx 版本，才能保存。&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <source>&lt;span style="color:#b00020"&gt;&lt;b&gt;Nothing to save: nginx would refuse %n setting(s) listed above.&lt;/b&gt;&lt;/span&gt; Fix them on the page each one names, then export again.</source>
        <translation>
            <numerusform>&lt;span style="color:#b00020"&gt;&lt;b&gt;无法保存：nginx 会拒绝上面列出的 %n 项设置。&lt;/b&gt;&lt;/span&gt;请在各项所指的页面中修正，然后重新导出。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) for nginx %1.</source>
        <translation>
            <numerusform>%n 行，适用于 nginx %1。</numerusform>
        </translation>
    </message>
    <message>
        <source>nginx would refuse this configuration; nothing was written</source>
        <translation>nginx 会拒绝此配置；未写入任何内容</translation>
    </message>
    <message>
        <source>Saved %1. Check it with &lt;code&gt;nginx -t -c %1&lt;/code&gt;.</source>
        <translation>已保存 %1。可用 &lt;code&gt;nginx -t -c %1&lt;/code&gt; 检查。</translation>
    </message>
    <message>
        <source>Saved %1. Include it at the top level of nginx.conf (&lt;code&gt;include %1;&lt;/code&gt;), then run &lt;code&gt;nginx -t&lt;/code&gt;.</source>
        <translation>已保存 %1。请在 nginx.conf 顶层引用它（&lt;code&gt;include %1;&lt;/code&gt;），然后运行 &lt;code&gt;nginx -t&lt;/code&gt;。</translation>
    </message>
    <message>
        <source>Save nginx configuration</source>
        <translation>保存 nginx 配置</translation>
    </message>
    <message>
        <source>nginx configuration (*.conf);;All files (*)</source>
        <translation>nginx 配置 (*.conf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&lt;span style="color:#b00020"&gt;Cannot save %1: %2&lt;/span&gt;</source>
        <translation>&lt;span style="color:#b00020"&gt;无法保存 %1：%2&lt;/span&gt;</translation>
    </message>
    <message numerus="yes">
        <source>Copied %n line(s) to the clipboard.</source>
        <translation>
            <numerusform>已将 %n 行复制到剪贴板。</numerusform>
        </translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>配置</translation>
    </message>
    <message numerus="yes">
        <source>Portier itself refuses %n setting(s) of this configuration (marked on its pages); nginx may refuse them too.</source>
        <translation>
            <numerusform>Portier 自身也拒绝此配置中的 %n 项设置（已在各页面标出）；nginx 可能同样拒绝。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NginxImportDialog</name>
    <message>
        <source>Import nginx configuration</source>
        <translation>导入 nginx 配置</translation>
    </message>
    <message>
        <source>What was not carried over, and why</source>
        <translation>未导入的内容及原因</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>What Portier would run</source>
        <translation>Portier 将运行的配置</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Importing replaces the listeners, upstream groups and certificates being edited; Edit › Undo brings them back. Nothing runs until you Apply.</source>
        <translation>导入会替换正在编辑的监听器、上游组和证书；用“编辑 › 撤销”可恢复。点击“应用”之前不会运行任何内容。</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Read again</source>
        <translation>重新读取(&amp;R)</translation>
    </message>
    <message>
        <source>Read the file again, for example after fixing it in an editor</source>
        <translation>重新读取文件，例如在编辑器中修正之后</translation>
    </message>
    <message>
        <source>No file read yet.</source>
        <translation>尚未读取文件。</translation>
    </message>
    <message>
        <source>Read &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>已读取 &lt;b&gt;%1&lt;/b&gt;。</translation>
    </message>
    <message numerus="yes">
        <source>Read &lt;b&gt;%1&lt;/b&gt; and %n file(s) it includes.</source>
        <translation>
            <numerusform>已读取 &lt;b&gt;%1&lt;/b&gt; 及其引用的 %n 个文件。</numerusform>
        </translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>note</source>
        <translation>提示</translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n setting(s) could not be carried over exactly&lt;/b&gt;; check the warnings below before you import.</source>
        <translation>
            <numerusform>&lt;b&gt;%n 项设置无法原样导入&lt;/b&gt;；导入前请查看下面的警告。</numerusform>
        </translation>
    </message>
    <message>
        <source>Every directive of the stream {} block was carried over.</source>
        <translation>stream {} 块中的每条指令都已导入。</translation>
    </message>
    <message>
        <source>The stream {} block was carried over. The notes below say what Portier leaves out, and why.</source>
        <translation>stream {} 块已导入。下面的提示说明 Portier 略去了哪些内容及原因。</translation>
    </message>
    <message>
        <source>Errors: nginx refuses the line, or dropping it would let in clients nginx keeps out or send connections elsewhere; nothing is imported while there are any. Warnings: left out without changing who gets in or where connections go. Notes: left out because Portier does not need them.</source>
        <translation>错误：nginx 拒绝该行，或者略去它会放行 nginx 拒之门外的客户端、或把连接转发到别处；存在错误时不会导入任何内容。警告：已略去，但不影响哪些客户端可以连接或连接转发到哪里。提示：已略去，因为 Portier 不需要它们。</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n 个错误</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n 个警告</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n 条提示</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;%n error(s) below, so there is nothing to import:&lt;/b&gt; nginx refuses these lines, or leaving them out would let in clients nginx keeps out or send connections elsewhere. Fix the file, then Read again.</source>
        <translation>
            <numerusform>&lt;b&gt;下面有 %n 个错误，因此没有可导入的内容：&lt;/b&gt;nginx 拒绝这些行，或者略去它们会放行 nginx 拒之门外的客户端、或把连接转发到别处。请修正文件，然后点击“重新读取”。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Import is off while there are errors (%n): fix them in the file, then Read again</source>
        <translation>
            <numerusform>存在错误（%n 个）时无法导入：请在文件中修正，然后点击“重新读取”</numerusform>
        </translation>
    </message>
    <message>
        <source>Put this config into the document, as one step you can undo</source>
        <translation>把此配置放入文档，作为可撤销的一步操作</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Portier Preferences</source>
        <translation>Portier 首选项</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>启动</translation>
    </message>
    <message>
        <source>Start Portier when I log in</source>
        <translation>登录时启动 Portier</translation>
    </message>
    <message>
        <source>Start minimized to the tray</source>
        <translation>启动时最小化到托盘</translation>
    </message>
    <message>
        <source>Start the engine with the last configuration</source>
        <translation>使用上次的配置启动引擎</translation>
    </message>
    <message>
        <source>Desktop</source>
        <translation>桌面</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>语言(&amp;L)：</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>系统语言</translation>
    </message>
    <message>
        <source>Show desktop &amp;notifications when:</source>
        <translation>在以下情况显示桌面通知(&amp;N)：</translation>
    </message>
    <message>
        <source>an upstream server goes down or comes back</source>
        <translation>上游服务器故障或恢复</translation>
    </message>
    <message>
        <source>a listener fails</source>
        <translation>监听器失败</translation>
    </message>
    <message>
        <source>a certificate in use expires within</source>
        <translation>正在使用的证书即将过期，剩余天数不超过</translation>
    </message>
    <message>
        <source> days</source>
        <translation> 天</translation>
    </message>
    <message>
        <source>General</source>
        <translation>常规</translation>
    </message>
    <message>
        <source>API</source>
        <translation>API</translation>
    </message>
</context>
<context>
    <name>ProxyProtocolEdit</name>
    <message>
        <source>&amp;PROXY protocol</source>
        <translation>PROXY 协议(&amp;P)</translation>
    </message>
    <message>
        <source>Clients start with a PROXY header (listen ... proxy_protocol)</source>
        <translation>客户端以 PROXY 头开始（listen ... proxy_protocol）</translation>
    </message>
    <message>
        <source>Send a PROXY header to the servers (proxy_protocol on)</source>
        <translation>向服务器发送 PROXY 头（proxy_protocol on）</translation>
    </message>
    <message>
        <source>The PROXY protocol carries the original client's address through a proxy or load balancer in front of this one</source>
        <translation>PROXY 协议通过本负载均衡器前面的代理或负载均衡器传递原始客户端地址</translation>
    </message>
    <message>
        <source>How long a client may take to send its header (proxy_protocol_timeout; nginx's default is 30 s)</source>
        <translation>客户端发送 PROXY 头的最长时间（proxy_protocol_timeout；nginx 默认 30 秒）</translation>
    </message>
    <message>
        <source>e.g. 10.0.0.0/8 192.168.1.5</source>
        <translation>例如 10.0.0.0/8 192.168.1.5</translation>
    </message>
    <message>
        <source>set_real_ip_from: addresses or CIDRs of the proxies in front, separated by spaces or commas. A header from one of them names the client for balancing, access rules and logs; from anyone else it is read and ignored</source>
        <translation>set_real_ip_from：前置代理的地址或 CIDR，以空格或逗号分隔。来自这些代理的 PROXY 头中的客户端地址会用于负载均衡、访问规则和日志；来自其他来源的 PROXY 头会被读取并忽略</translation>
    </message>
    <message>
        <source>Header timeout</source>
        <translation>PROXY 头超时</translation>
    </message>
    <message>
        <source>Trusted proxies</source>
        <translation>可信代理</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>could not remove %1</source>
        <translation>无法删除 %1</translation>
    </message>
    <message>
        <source>could not create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>Passphrase for %1</source>
        <translation>%1 的口令</translation>
    </message>
    <message>
        <source>That passphrase does not open %1. Try again:</source>
        <translation>该口令无法打开 %1。请重试：</translation>
    </message>
    <message>
        <source>The key %1 of certificate "%2" is encrypted. Its passphrase (kept in memory until Portier quits, never written):</source>
        <translation>证书“%2”的私钥 %1 已加密。请输入其口令（仅保存在内存中直到 Portier 退出，绝不写入磁盘）：</translation>
    </message>
    <message>
        <source>PEM files (*.pem *.crt *.key);;All files (*)</source>
        <translation>PEM 文件 (*.pem *.crt *.key);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>RecentFiles</name>
    <message>
        <source>No recent files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <source>&amp;Clear list</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
</context>
<context>
    <name>RemoteCertificateProbe</name>
    <message>
        <source>%1 sent no certificate</source>
        <translation>%1 未发送证书</translation>
    </message>
    <message>
        <source>no HTTPS connection to %1: %2</source>
        <translation>无法与 %1 建立 HTTPS 连接：%2</translation>
    </message>
    <message>
        <source>%1 did not complete a TLS handshake within %2 s</source>
        <translation>%1 未在 %2 秒内完成 TLS 握手</translation>
    </message>
</context>
<context>
    <name>RemoteConnectDialog</name>
    <message>
        <source>Connect to portierd</source>
        <translation>连接到 portierd</translation>
    </message>
    <message>
        <source>from portierd --new-api-token NAME --write</source>
        <translation>来自 portierd --new-api-token NAME --write</translation>
    </message>
    <message>
        <source>Show and steer a portierd through its control API (its config's "api" section). The token is kept in memory until Portier quits; it is never saved.</source>
        <translation>通过控制 API（其配置中的 "api" 部分）查看并控制 portierd。令牌仅保存在内存中，直到 Portier 退出；不会写入磁盘。</translation>
    </message>
    <message>
        <source>&amp;Address:</source>
        <translation>地址(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Token:</source>
        <translation>令牌(&amp;T)：</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>连接(&amp;C)</translation>
    </message>
</context>
<context>
    <name>RemoteController</name>
    <message>
        <source>portierd at %1</source>
        <translation>%1 上的 portierd</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>authentication failed</source>
        <translation>认证失败</translation>
    </message>
    <message>
        <source>certificate changed</source>
        <translation>证书已更改</translation>
    </message>
    <message>
        <source>incompatible</source>
        <translation>不兼容</translation>
    </message>
    <message>
        <source>%1 presented a different certificate (SHA-256 %2) from the one accepted (SHA-256 %3); nothing was sent to it. If its certificate was replaced on purpose, check the new fingerprint on that machine and connect again.</source>
        <translation>%1 出示的证书 (SHA-256 %2) 与已接受的证书 (SHA-256 %3) 不同；未向其发送任何内容。如果其证书是有意更换的，请在那台机器上核对新指纹后重新连接。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1 refused the token (401): authentication failed. Connect again with a token its config lists under "api"."tokens" (portierd --new-api-token NAME makes one).</source>
        <translation>%1 拒绝了令牌 (401)：认证失败。请使用其配置中 "api"."tokens" 列出的令牌重新连接（portierd --new-api-token NAME 可生成一个）。</translation>
    </message>
    <message>
        <source>GET /portier/v1/stats answered %1: %2 (a portierd older than this Portier has no such path)</source>
        <translation>GET /portier/v1/stats 返回 %1：%2（比此 Portier 旧的 portierd 没有该路径）</translation>
    </message>
    <message>
        <source>%1: GET /portier/v1/config answered %2: %3</source>
        <translation>%1：GET /portier/v1/config 返回 %2：%3</translation>
    </message>
    <message>
        <source>%1 runs a configuration this Portier cannot read: %2</source>
        <translation>%1 运行的配置此 Portier 无法读取：%2</translation>
    </message>
    <message>
        <source>%1 answered %2: %3</source>
        <translation>%1 返回 %2：%3</translation>
    </message>
    <message>
        <source>%1 is not connected</source>
        <translation>%1 未连接</translation>
    </message>
    <message>
        <source>HTTP status %1</source>
        <translation>HTTP 状态 %1</translation>
    </message>
</context>
<context>
    <name>RemoteEndpoint</name>
    <message>
        <source>Address "%1": the API speaks http:// or https:// only</source>
        <translation>地址“%1”：API 只支持 http:// 或 https://</translation>
    </message>
    <message>
        <source>Address "%1": %2; write it as host:port, e.g. https://10.0.0.5:8081</source>
        <translation>地址“%1”：%2；请写成 host:port 形式，例如 https://10.0.0.5:8081</translation>
    </message>
    <message>
        <source>no host</source>
        <translation>缺少主机</translation>
    </message>
</context>
<context>
    <name>RemoteInstances</name>
    <message>
        <source>The Portier shown: this computer's engine, or a portierd connected to through its API (File &gt; Connect to portierd…)</source>
        <translation>当前显示的 Portier：本机的引擎，或通过 API 连接的 portierd（文件 &gt; 连接到 portierd…）</translation>
    </message>
    <message>
        <source>Not connected: %1</source>
        <translation>未连接：%1</translation>
    </message>
    <message>
        <source>Not connected: the certificate of %1 has changed since it was accepted.

Accepted: SHA-256 %2
Now:      SHA-256 %3

Someone may be between you and that portierd. If its certificate was replaced on purpose, compare the new fingerprint with the one shown on that machine (openssl x509 -noout -fingerprint -sha256 -in CERT), then remove the old one in Preferences &gt; API and connect again.</source>
        <translation>未连接：%1 的证书自接受以来已更改。

已接受：SHA-256 %2
当前：  SHA-256 %3

可能有人位于你与该 portierd 之间。如果其证书是有意更换的，请将新指纹与那台机器上显示的指纹比较（openssl x509 -noout -fingerprint -sha256 -in CERT），然后在“首选项 &gt; API”中删除旧证书并重新连接。</translation>
    </message>
    <message>
        <source>%1 presents a certificate this computer has not seen before:

%2
SHA-256 %3
Valid until %4

Compare the fingerprint with the one on that machine (openssl x509 -noout -fingerprint -sha256 -in CERT). Trust it and connect? It is remembered, and a different certificate at this address will be refused.</source>
        <translation>%1 出示了本机从未见过的证书：

%2
SHA-256 %3
有效期至 %4

请将指纹与那台机器上的指纹比较（openssl x509 -noout -fingerprint -sha256 -in CERT）。信任并连接？该证书会被记住，此地址出示的其他证书将被拒绝。</translation>
    </message>
    <message>
        <source>Not connected: the certificate of %1 was not accepted</source>
        <translation>未连接：%1 的证书未被接受</translation>
    </message>
    <message>
        <source>portierd, %1</source>
        <translation>portierd，%1</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
</context>
<context>
    <name>ReturnTextEdit</name>
    <message>
        <source>Answer with text instead:</source>
        <translation>改为以文本应答：</translation>
    </message>
    <message>
        <source>Send this text to every client and close, without forwarding (nginx return)</source>
        <translation>向每个客户端发送此文本后关闭连接，不进行转发（nginx return）</translation>
    </message>
    <message>
        <source>e.g. hello $remote_addr\n</source>
        <translation>例如 hello $remote_addr\n</translation>
    </message>
    <message>
        <source>Text with variables such as $remote_addr or a map's $name; \n is a line break</source>
        <translation>可含有变量的文本，例如 $remote_addr 或 map 定义的 $name；\n 表示换行</translation>
    </message>
</context>
<context>
    <name>RuntimeState</name>
    <message>
        <source>%1 %2: no such server in the configuration</source>
        <translation>%1 %2：配置中没有此服务器</translation>
    </message>
</context>
<context>
    <name>SampleConfig</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot read the sample %1: %2.</source>
        <translation>无法读取示例 %1：%2。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2.</source>
        <translation>无法写入 %1：%2。</translation>
    </message>
</context>
<context>
    <name>ServerProbe</name>
    <message>
        <source>connection refused — nothing is listening on that port</source>
        <translation>连接被拒绝 — 该端口上没有程序在监听</translation>
    </message>
    <message>
        <source>timed out after %1 s — a firewall or a wrong address?</source>
        <translation>%1 秒后超时 — 是防火墙拦截还是地址错误？</translation>
    </message>
    <message>
        <source>host not found — check the name</source>
        <translation>找不到主机 — 请检查名称</translation>
    </message>
    <message>
        <source>network unreachable — is this machine connected to that network? (%1)</source>
        <translation>网络不可达——本机是否已连接到该网络？（%1）</translation>
    </message>
    <message>
        <source>the server accepted and closed the connection at once</source>
        <translation>服务器接受连接后立即关闭了它</translation>
    </message>
    <message>
        <source>not permitted to connect (%1)</source>
        <translation>不允许连接（%1）</translation>
    </message>
    <message>
        <source>cannot test: %1</source>
        <translation>无法测试：%1</translation>
    </message>
    <message>
        <source>connected in %1 ms — the server accepts connections</source>
        <translation>%1 毫秒内连接成功 — 服务器接受连接</translation>
    </message>
</context>
<context>
    <name>ServerStatsModel</name>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>%1 %2: %3</source>
        <translation>%1 %2：%3</translation>
    </message>
    <message>
        <source> (%1)</source>
        <translation>（%1）</translation>
    </message>
    <message>
        <source>backup in use</source>
        <translation>备用服务器使用中</translation>
    </message>
    <message>
        <source>up</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>down</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>failed until %1</source>
        <translation>失败，直到 %1</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>unhealthy</source>
        <translation>不健康</translation>
    </message>
    <message numerus="yes">
        <source>draining (%n left)</source>
        <translation>
            <numerusform>正在排空（剩余 %n 个）</numerusform>
        </translation>
    </message>
    <message>
        <source>drained</source>
        <translation>已排空</translation>
    </message>
    <message>
        <source>%1 (backup)</source>
        <translation>%1（备用）</translation>
    </message>
    <message>
        <source>%1 *</source>
        <translation>%1 *</translation>
    </message>
    <message>
        <source>–</source>
        <translation>–</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 / %2 ms</source>
        <translation>%1 / %2 毫秒</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 since %2 (nginx state "%3")</source>
        <translation>%1（自 %2 起；nginx 状态“%3”）</translation>
    </message>
    <message>
        <source>Last health check: %1</source>
        <translation>上次健康检查：%1</translation>
    </message>
    <message>
        <source>Steered at run time; not in the configuration until you save it</source>
        <translation>运行时调整；保存之前不会写入配置</translation>
    </message>
    <message>
        <source>Set at run time (*; the configuration says %1): "Save as configuration" keeps it</source>
        <translation>运行时设置（*；配置中为 %1）：“保存到配置”可保留它</translation>
    </message>
    <message>
        <source>%1 failed connects or sessions; taken out %2 times</source>
        <translation>%1 次连接或会话失败；被排除 %2 次</translation>
    </message>
    <message>
        <source>%1 failed; taken out %2 times
Last error at %3: %4</source>
        <translation>%1 次失败；被排除 %2 次
最近一次错误（%3）：%4</translation>
    </message>
    <message>
        <source>Total time failed or unhealthy</source>
        <translation>处于失败或不健康状态的总时长</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Sent/s</source>
        <translation>发送/秒</translation>
    </message>
    <message>
        <source>Recv</source>
        <translation>已接收</translation>
    </message>
    <message>
        <source>Recv/s</source>
        <translation>接收/秒</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接耗时</translation>
    </message>
    <message>
        <source>Failures</source>
        <translation>失败次数</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>起始时间</translation>
    </message>
    <message>
        <source>Downtime</source>
        <translation>停机时长</translation>
    </message>
    <message>
        <source>Last pick</source>
        <translation>上次选中</translation>
    </message>
    <message>
        <source>Connections open to the server now</source>
        <translation>当前与该服务器之间打开的连接</translation>
    </message>
    <message>
        <source>Connections in all: times the balancer chose this server</source>
        <translation>连接总数：负载均衡器选中该服务器的次数</translation>
    </message>
    <message>
        <source>When the server entered its state</source>
        <translation>服务器进入当前状态的时间</translation>
    </message>
    <message>
        <source>When the balancer last chose this server</source>
        <translation>负载均衡器上次选中该服务器的时间</translation>
    </message>
    <message>
        <source>Bytes sent to the server (client → server)</source>
        <translation>发往服务器的字节数（客户端 → 服务器）</translation>
    </message>
    <message>
        <source>Bytes received from the server (server → client)</source>
        <translation>从服务器接收的字节数（服务器 → 客户端）</translation>
    </message>
    <message>
        <source>Time to connect: moving average / the latest</source>
        <translation>连接耗时：移动平均值 / 最近一次</translation>
    </message>
    <message>
        <source>Failed connects or sessions, and the last error</source>
        <translation>失败的连接或会话，以及最近一次错误</translation>
    </message>
</context>
<context>
    <name>ServerTableModel</name>
    <message>
        <source>unlimited</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>How long a failed server is left out, and the window in which max_fails failures count (nginx fail_timeout, e.g. 10s)</source>
        <translation>失败的服务器被排除的时长，也是统计 max_fails 次失败的时间窗口（nginx fail_timeout，例如 10s）</translation>
    </message>
    <message>
        <source>Edit server %1</source>
        <translation>编辑服务器 %1</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Max fails</source>
        <translation>最大失败次数</translation>
    </message>
    <message>
        <source>Fail timeout</source>
        <translation>失败超时</translation>
    </message>
    <message>
        <source>Max conns</source>
        <translation>最大连接数</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>备用</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>停用</translation>
    </message>
    <message>
        <source>host:port as nginx writes it, e.g. 127.0.0.1:7773</source>
        <translation>按 nginx 写法的 host:port，例如 127.0.0.1:7773</translation>
    </message>
    <message>
        <source>Relative share of connections (nginx weight=, default 1)</source>
        <translation>连接分配的相对比例（nginx weight=，默认 1）</translation>
    </message>
    <message>
        <source>Failures within the fail timeout that take the server out (0 = never)</source>
        <translation>在失败超时内失败多少次后排除该服务器（0 = 从不）</translation>
    </message>
    <message>
        <source>Most connections at once (0 = unlimited)</source>
        <translation>同时连接数上限（0 = 不限）</translation>
    </message>
    <message>
        <source>Used only when no other server is available</source>
        <translation>仅在没有其他服务器可用时使用</translation>
    </message>
    <message>
        <source>Never used: taken out by hand</source>
        <translation>从不使用：已手动停用</translation>
    </message>
    <message>
        <source>Running engine: %1 since %2</source>
        <translation>运行中的引擎：%1（自 %2 起）</translation>
    </message>
    <message>
        <source>Last health check: %1</source>
        <translation>上次健康检查：%1</translation>
    </message>
    <message>
        <source>Last error: %1</source>
        <translation>最近一次错误：%1</translation>
    </message>
    <message>
        <source>Test at %1: %2</source>
        <translation>%1 的测试：%2</translation>
    </message>
</context>
<context>
    <name>ServersView</name>
    <message>
        <source>Filter servers</source>
        <translation>筛选服务器</translation>
    </message>
    <message>
        <source>&lt;b&gt;Upstream servers&lt;/b&gt;</source>
        <translation>&lt;b&gt;上游服务器&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Drain</source>
        <translation>排空(&amp;D)</translation>
    </message>
    <message>
        <source>No new connections; the open ones finish. Applied to the running engine at once.</source>
        <translation>不再接收新连接；已打开的连接继续完成。立即应用到运行中的引擎。</translation>
    </message>
    <message>
        <source>D&amp;isable</source>
        <translation>停用(&amp;I)</translation>
    </message>
    <message>
        <source>Mark down: no new connections; the open ones keep running. Applied at once.</source>
        <translation>标记为停用：不再接收新连接；已打开的连接继续运行。立即生效。</translation>
    </message>
    <message>
        <source>&amp;Enable</source>
        <translation>启用(&amp;E)</translation>
    </message>
    <message>
        <source>Take new connections again (ends a drain or a down). Applied at once.</source>
        <translation>重新接收新连接（结束排空或停用）。立即生效。</translation>
    </message>
    <message>
        <source>&amp;Weight…</source>
        <translation>权重(&amp;W)…</translation>
    </message>
    <message>
        <source>Change the weight; the next pick uses it. Applied at once.</source>
        <translation>修改权重；下一次选择服务器时使用。立即生效。</translation>
    </message>
    <message>
        <source>&amp;Save as configuration</source>
        <translation>保存到配置(&amp;S)</translation>
    </message>
    <message>
        <source>Write the weights and downs set here into the configuration (undoable); drained servers are saved as down</source>
        <translation>把此处设置的权重和停用写入配置（可撤销）；已排空的服务器保存为停用</translation>
    </message>
    <message>
        <source>Draining</source>
        <translation>正在排空</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>已停用</translation>
    </message>
    <message>
        <source>Enabled</source>
        <translation>已启用</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s) need a look: %1</source>
        <translation>
            <numerusform>%n 台服务器需要检查：%1</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: %2 (in the running engine; "Save as configuration" keeps it)</source>
        <translation>%1：%2（仅在运行中的引擎；“保存到配置”可保留它）</translation>
    </message>
    <message>
        <source>Weight %1</source>
        <translation>权重 %1</translation>
    </message>
    <message>
        <source>Server weight</source>
        <translation>服务器权重</translation>
    </message>
    <message>
        <source>Weight of %1 (the next pick uses it):</source>
        <translation>%1 的权重（下一次选择服务器时使用）：</translation>
    </message>
    <message>
        <source>Save run-time server state</source>
        <translation>保存运行时服务器状态</translation>
    </message>
    <message numerus="yes">
        <source>%n server(s) written into the configuration; apply or save the file to keep them</source>
        <translation>
            <numerusform>已将 %n 台服务器写入配置；请应用或保存文件以保留更改</numerusform>
        </translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>未保存：%1</translation>
    </message>
</context>
<context>
    <name>SessionCacheEdit</name>
    <message>
        <source>Off: no session reuse</source>
        <translation>关闭：不复用会话</translation>
    </message>
    <message>
        <source>None: clients may reuse, nothing stored</source>
        <translation>无：客户端可复用，但不存储</translation>
    </message>
    <message>
        <source>Built-in cache</source>
        <translation>内置缓存</translation>
    </message>
    <message>
        <source>Shared cache</source>
        <translation>共享缓存</translation>
    </message>
    <message>
        <source>Built-in and shared</source>
        <translation>内置与共享</translation>
    </message>
    <message>
        <source>nginx ssl_session_cache. A cached session lets a returning client skip the full handshake; every worker of Portier is a thread of one process, so built-in and shared both serve all of them</source>
        <translation>nginx ssl_session_cache。缓存的会话让再次连接的客户端跳过完整握手；Portier 的每个工作线程同属一个进程，因此内置与共享缓存都为所有工作线程服务</translation>
    </message>
    <message>
        <source>default size</source>
        <translation>默认大小</translation>
    </message>
    <message>
        <source> sessions</source>
        <translation> 个会话</translation>
    </message>
    <message>
        <source>How many sessions the built-in cache holds (builtin:N); the default is 20480</source>
        <translation>内置缓存可保存的会话数（builtin:N）；默认为 20480</translation>
    </message>
    <message>
        <source>zone name</source>
        <translation>区域名称</translation>
    </message>
    <message>
        <source>The shared cache's name (shared:NAME:size)</source>
        <translation>共享缓存的名称（shared:NAME:size）</translation>
    </message>
    <message>
        <source>The shared cache's size; one megabyte holds about 4000 sessions</source>
        <translation>共享缓存的大小；每 1 MB 约可保存 4000 个会话</translation>
    </message>
    <message>
        <source>bytes</source>
        <translation>字节</translation>
    </message>
    <message>
        <source>As written: %1</source>
        <translation>按原文：%1</translation>
    </message>
</context>
<context>
    <name>SocketOptionsEdit</name>
    <message>
        <source>system's</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>&amp;Socket options</source>
        <translation>套接字选项(&amp;S)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>IPv6 only on [::] (ipv6only=on)</source>
        <translation>[::] 上仅 IPv6（ipv6only=on）</translation>
    </message>
    <message>
        <source>Share the port with other sockets (reuseport)</source>
        <translation>与其他套接字共享端口（reuseport）</translation>
    </message>
    <message>
        <source>Bind this address on its own (bind)</source>
        <translation>单独绑定此地址（bind）</translation>
    </message>
    <message>
        <source>The listening socket's options, as nginx's listen parameters</source>
        <translation>监听套接字的选项，同 nginx 的 listen 参数</translation>
    </message>
    <message>
        <source>511 (nginx's default)</source>
        <translation>511（nginx 默认值）</translation>
    </message>
    <message>
        <source>backlog=: how many connections may wait to be accepted; the system caps it at net.core.somaxconn</source>
        <translation>backlog=：最多可以有多少个连接等待被接受；系统将其上限限制为 net.core.somaxconn</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>On, with these timers</source>
        <translation>开启，使用以下计时</translation>
    </message>
    <message>
        <source>so_keepalive=: TCP keepalive probes on client connections, so dead peers are found</source>
        <translation>so_keepalive=：在客户端连接上发送 TCP keepalive 探测，以发现已失效的对端</translation>
    </message>
    <message>
        <source>keepidle: idle time before the first probe</source>
        <translation>keepidle：发送第一个探测前的空闲时间</translation>
    </message>
    <message>
        <source>keepintvl: time between probes</source>
        <translation>keepintvl：探测之间的间隔</translation>
    </message>
    <message>
        <source>keepcnt: unanswered probes before the connection is dropped</source>
        <translation>keepcnt：连续多少个探测无应答后断开连接</translation>
    </message>
    <message>
        <source>Off: a listener on [::] takes IPv4 clients as well (nginx's default is on)</source>
        <translation>关闭时：[::] 上的监听器也接受 IPv4 客户端（nginx 默认开启）</translation>
    </message>
    <message>
        <source>SO_REUSEPORT: other sockets that ask for it too may listen on the same address and port; the system spreads connections between them</source>
        <translation>SO_REUSEPORT：同样请求此选项的其他套接字可以监听相同的地址和端口；系统在它们之间分配连接</translation>
    </message>
    <message>
        <source>Windows has no SO_REUSEPORT; nginx for Windows ignores it too</source>
        <translation>Windows 没有 SO_REUSEPORT；Windows 版 nginx 也会忽略它</translation>
    </message>
    <message>
        <source>Portier always binds each listener's own address; this is kept so an nginx export says it too</source>
        <translation>Portier 总是为每个监听器单独绑定其地址；保留此选项是为了让导出的 nginx 配置中也写明它</translation>
    </message>
    <message>
        <source>Backlog</source>
        <translation>积压队列 (backlog)</translation>
    </message>
    <message>
        <source>Keepalive</source>
        <translation>TCP 保活 (so_keepalive)</translation>
    </message>
    <message>
        <source>Idle, interval, probes</source>
        <translation>空闲、间隔、探测次数</translation>
    </message>
    <message>
        <source>rcvbuf=: the listening socket's receive buffer (SO_RCVBUF), in bytes or with k or m (256k, 4m); empty leaves the system's. The system may round or cap it: Linux doubles it, up to net.core.rmem_max</source>
        <translation>rcvbuf=：监听套接字的接收缓冲区 (SO_RCVBUF)，以字节为单位，或带 k、m 后缀（256k、4m）；留空则使用系统的值。系统可能会调整或限制它：Linux 会将其加倍，上限为 net.core.rmem_max</translation>
    </message>
    <message>
        <source>sndbuf=: the listening socket's send buffer (SO_SNDBUF), in bytes or with k or m (256k, 4m); empty leaves the system's. The system may round or cap it: Linux doubles it, up to net.core.wmem_max</source>
        <translation>sndbuf=：监听套接字的发送缓冲区 (SO_SNDBUF)，以字节为单位，或带 k、m 后缀（256k、4m）；留空则使用系统的值。系统可能会调整或限制它：Linux 会将其加倍，上限为 net.core.wmem_max</translation>
    </message>
    <message>
        <source>fastopen=: how many TCP Fast Open connections (data in the SYN) may wait to be accepted; 0 turns it off. Linux also needs net.ipv4.tcp_fastopen to allow it for servers (e.g. 3)</source>
        <translation>fastopen=：最多可以有多少个 TCP 快速打开连接（SYN 中携带数据）等待被接受；0 表示关闭。Linux 还需要 net.ipv4.tcp_fastopen 允许服务器端使用（例如 3）</translation>
    </message>
    <message>
        <source>Portier sets TCP Fast Open on Linux only</source>
        <translation>Portier 仅在 Linux 上设置 TCP 快速打开</translation>
    </message>
    <message>
        <source>Receive buffer</source>
        <translation>接收缓冲区 (rcvbuf)</translation>
    </message>
    <message>
        <source>Send buffer</source>
        <translation>发送缓冲区 (sndbuf)</translation>
    </message>
    <message>
        <source>TCP Fast Open queue</source>
        <translation>TCP 快速打开队列 (fastopen)</translation>
    </message>
</context>
<context>
    <name>TestTraffic</name>
    <message>
        <source>Listener %1 is not running: start the engine (or apply the configuration) to send test traffic through it.</source>
        <translation>监听器 %1 未运行：请启动引擎（或应用配置）后再通过它发送测试流量。</translation>
    </message>
    <message>
        <source>Listener %1 is disabled: enable it and apply to send test traffic through it.</source>
        <translation>监听器 %1 已禁用：请启用并应用后再通过它发送测试流量。</translation>
    </message>
    <message>
        <source>Listener %1 is not listening (%2): there is nothing to send test traffic to.</source>
        <translation>监听器 %1 未在监听 (%2)：没有可发送测试流量的目标。</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>Listener %1 terminates TLS: test traffic is plain bytes, which its TLS handshake would refuse, so it is not supported there. Try: openssl s_client -connect %1</source>
        <translation>监听器 %1 终止 TLS：测试流量是明文字节，会被其 TLS 握手拒绝，因此不支持。可尝试：openssl s_client -connect %1</translation>
    </message>
    <message>
        <source>Listener %1 expects a PROXY protocol header first (proxy_protocol): test traffic does not send one, so it is not supported there.</source>
        <translation>监听器 %1 要求先收到 PROXY 协议头 (proxy_protocol)：测试流量不会发送该头，因此不支持。</translation>
    </message>
    <message>
        <source>Listener %1: %2</source>
        <translation>监听器 %1：%2</translation>
    </message>
    <message>
        <source>Listener %1: its host name %2 does not resolve to an address.</source>
        <translation>监听器 %1：其主机名 %2 无法解析为地址。</translation>
    </message>
    <message>
        <source>%1 of %2 connections, %3 answered, %4 failed; %5 sent, %6 received</source>
        <translation>%1 / %2 个连接，%3 个有应答，%4 个失败；已发送 %5，已接收 %6</translation>
    </message>
    <message>
        <source>Sending to %1:%2: %3</source>
        <translation>正在发送到 %1:%2：%3</translation>
    </message>
    <message>
        <source>Stopped: %1</source>
        <translation>已停止：%1</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已完成：%1</translation>
    </message>
</context>
<context>
    <name>TestTrafficDialog</name>
    <message>
        <source>Send test traffic</source>
        <translation>发送测试流量</translation>
    </message>
    <message>
        <source>UDP datagrams through listener &lt;b&gt;%1&lt;/b&gt;, one socket each, reading back the answers.</source>
        <translation>通过监听器 &lt;b&gt;%1&lt;/b&gt; 发送 UDP 数据报，每个使用一个套接字，并读回应答。</translation>
    </message>
    <message>
        <source>TCP connections through listener &lt;b&gt;%1&lt;/b&gt;, each sending the bytes below and reading back the answer.</source>
        <translation>通过监听器 &lt;b&gt;%1&lt;/b&gt; 建立 TCP 连接，每个发送下方的字节并读回应答。</translation>
    </message>
    <message>
        <source> datagrams/s</source>
        <translation> 数据报/秒</translation>
    </message>
    <message>
        <source> connections/s</source>
        <translation> 连接/秒</translation>
    </message>
    <message>
        <source>&amp;Rate:</source>
        <translation>速率(&amp;R)：</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>&amp;For:</source>
        <translation>持续(&amp;F)：</translation>
    </message>
    <message>
        <source> bytes</source>
        <translation> 字节</translation>
    </message>
    <message>
        <source>&amp;Each sends:</source>
        <translation>每个发送(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>开始(&amp;S)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
</context>
<context>
    <name>TrafficPlot</name>
    <message>
        <source>B/s</source>
        <translation>B/s</translation>
    </message>
    <message>
        <source>KiB/s</source>
        <translation>KiB/s</translation>
    </message>
    <message>
        <source>MiB/s</source>
        <translation>MiB/s</translation>
    </message>
    <message>
        <source>GiB/s</source>
        <translation>GiB/s</translation>
    </message>
    <message>
        <source>TiB/s</source>
        <translation>TiB/s</translation>
    </message>
    <message>
        <source>/s</source>
        <translation>/s</translation>
    </message>
    <message>
        <source>All traffic</source>
        <translation>全部流量</translation>
    </message>
    <message>
        <source>bytes/s (left)</source>
        <translation>字节/秒（左轴）</translation>
    </message>
    <message>
        <source>connections (right)</source>
        <translation>连接数（右轴）</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>%1: %2 (in %3, out %4), %5 connections</source>
        <translation>%1：%2（入 %3，出 %4），%5 个连接</translation>
    </message>
    <message>
        <source>no data at this time</source>
        <translation>此时无数据</translation>
    </message>
</context>
<context>
    <name>TrafficPlotBar</name>
    <message>
        <source>&amp;Range:</source>
        <translation>范围(&amp;R)：</translation>
    </message>
    <message>
        <source>1 minute</source>
        <translation>1 分钟</translation>
    </message>
    <message>
        <source>5 minutes</source>
        <translation>5 分钟</translation>
    </message>
    <message>
        <source>1 hour</source>
        <translation>1 小时</translation>
    </message>
    <message>
        <source>6 hours</source>
        <translation>6 小时</translation>
    </message>
    <message>
        <source>24 hours</source>
        <translation>24 小时</translation>
    </message>
    <message>
        <source>&amp;Series</source>
        <translation>数据系列(&amp;S)</translation>
    </message>
    <message>
        <source>Choose what the plot shows: all traffic, listeners, upstream servers</source>
        <translation>选择图表显示的内容：全部流量、监听器、上游服务器</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Freeze the plot; the history keeps recording</source>
        <translation>冻结图表；历史记录仍在继续</translation>
    </message>
    <message>
        <source>Listeners</source>
        <translation>监听器</translation>
    </message>
    <message>
        <source>Upstream servers</source>
        <translation>上游服务器</translation>
    </message>
</context>
<context>
    <name>UpstreamEditor</name>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Listeners forward to the group by this name (nginx upstream NAME)</source>
        <translation>监听器通过此名称转发到该组（nginx upstream NAME）</translation>
    </message>
    <message>
        <source>backend</source>
        <translation>backend</translation>
    </message>
    <message>
        <source>&amp;Strategy:</source>
        <translation>负载均衡策略(&amp;S)：</translation>
    </message>
    <message>
        <source>Round robin</source>
        <translation>轮询</translation>
    </message>
    <message>
        <source>Least connections</source>
        <translation>最少连接</translation>
    </message>
    <message>
        <source>Least time</source>
        <translation>最短时间</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>哈希</translation>
    </message>
    <message>
        <source>Random</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Hash &amp;key:</source>
        <translation>哈希键(&amp;K)：</translation>
    </message>
    <message>
        <source>What picks the server: connections with the same key go to the same server</source>
        <translation>如何选择服务器：键相同的连接会转发到同一台服务器</translation>
    </message>
    <message>
        <source>Consistent (ketama): adding a server moves few keys</source>
        <translation>一致性哈希 (ketama)：增加服务器时只移动少量键</translation>
    </message>
    <message>
        <source>&amp;Measure:</source>
        <translation>度量(&amp;M)：</translation>
    </message>
    <message>
        <source>Time to connect</source>
        <translation>连接耗时</translation>
    </message>
    <message>
        <source>Time to first byte</source>
        <translation>首字节耗时</translation>
    </message>
    <message>
        <source>Time to last byte</source>
        <translation>末字节耗时</translation>
    </message>
    <message>
        <source>Count connections still in progress (inflight)</source>
        <translation>计入进行中的连接 (inflight)</translation>
    </message>
    <message>
        <source>Pick two at random, use the one with fewer connections</source>
        <translation>随机选两台，用连接较少的一台</translation>
    </message>
    <message>
        <source>&lt;b&gt;Servers&lt;/b&gt;</source>
        <translation>&lt;b&gt;服务器&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add a server</source>
        <translation>添加服务器</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Add a copy of the selected server</source>
        <translation>添加所选服务器的副本</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected server</source>
        <translation>删除所选服务器</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move the selected server up (order matters for ties and for hashing)</source>
        <translation>上移所选服务器（顺序影响平局时的选择和哈希）</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>Move the selected server down</source>
        <translation>下移所选服务器</translation>
    </message>
    <message>
        <source>&amp;Test servers</source>
        <translation>测试服务器(&amp;T)</translation>
    </message>
    <message>
        <source>Connect to every server now and say what happened (takes no balancer pick and marks nothing failed)</source>
        <translation>立即连接每台服务器并报告结果（不占用负载均衡的选择，也不会把任何服务器标记为失败）</translation>
    </message>
    <message>
        <source>Active &amp;health checks</source>
        <translation>主动健康检查(&amp;H)</translation>
    </message>
    <message>
        <source>Every:</source>
        <translation>间隔：</translation>
    </message>
    <message>
        <source>Timeout:</source>
        <translation>超时：</translation>
    </message>
    <message>
        <source>Send:</source>
        <translation>发送：</translation>
    </message>
    <message>
        <source>nothing: a check is a connect</source>
        <translation>不发送：检查即为建立连接</translation>
    </message>
    <message>
        <source>Expect:</source>
        <translation>期望：</translation>
    </message>
    <message>
        <source>anything</source>
        <translation>任意内容</translation>
    </message>
    <message>
        <source>Each connection goes to the next server in turn, in proportion to the weights (nginx's default).</source>
        <translation>每个连接按权重比例依次转发给下一台服务器（nginx 的默认方式）。</translation>
    </message>
    <message>
        <source>Each connection goes to the server with the fewest active connections for its weight.</source>
        <translation>每个连接转发给按权重计算活动连接数最少的服务器。</translation>
    </message>
    <message>
        <source>Each connection goes to the server with the lowest average response time and fewest connections.</source>
        <translation>每个连接转发给平均响应时间最短且连接数最少的服务器。</translation>
    </message>
    <message>
        <source>Connections with the same key (e.g. the client's address) always go to the same server.</source>
        <translation>键相同（例如客户端地址）的连接总是转发到同一台服务器。</translation>
    </message>
    <message>
        <source>Each connection goes to a server picked at random, in proportion to the weights.</source>
        <translation>每个连接按权重比例随机选择一台服务器。</translation>
    </message>
    <message>
        <source>connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>负载均衡策略</translation>
    </message>
    <message>
        <source>Hash key</source>
        <translation>哈希键</translation>
    </message>
    <message>
        <source>Health checks</source>
        <translation>健康检查</translation>
    </message>
    <message>
        <source>Check every</source>
        <translation>检查间隔</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Server %1 (%2): %3</source>
        <translation>服务器 %1 (%2)：%3</translation>
    </message>
    <message>
        <source>for example $remote_addr</source>
        <translation>例如 $remote_addr</translation>
    </message>
    <message>
        <source>Failed checks to mark down:</source>
        <translation>判定故障所需失败次数：</translation>
    </message>
    <message>
        <source>Failed checks in a row that mark the server unhealthy</source>
        <translation>连续失败多少次后判定服务器不健康</translation>
    </message>
    <message>
        <source>Passed checks to mark up:</source>
        <translation>判定恢复所需通过次数：</translation>
    </message>
    <message>
        <source>Passed checks in a row that bring an unhealthy server back</source>
        <translation>连续通过多少次后判定服务器恢复</translation>
    </message>
    <message>
        <source>Failed checks</source>
        <translation>失败次数</translation>
    </message>
    <message>
        <source>Passed checks</source>
        <translation>通过次数</translation>
    </message>
    <message>
        <source>Test at %1 (the table's icons show the running engine):
%2</source>
        <translation>%1 的测试（表格中的图标显示运行中引擎的状态）：
%2</translation>
    </message>
    <message>
        <source>Server %1 (%2), %3: %4</source>
        <translation>服务器 %1 (%2)，%3：%4</translation>
    </message>
</context>
<context>
    <name>UpstreamsPage</name>
    <message>
        <source>&lt;b&gt;Upstream groups&lt;/b&gt;</source>
        <translation>&lt;b&gt;上游组&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add an upstream group</source>
        <translation>添加上游组</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Add a copy of the selected group under a new name</source>
        <translation>以新名称添加所选组的副本</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected group</source>
        <translation>删除所选上游组</translation>
    </message>
    <message>
        <source>No upstream group yet. A group is a set of servers that share the connections of the listeners that forward to it. Click Add to create one.</source>
        <translation>还没有上游组。上游组是一组服务器，共同分担转发给它的监听器的连接。点击“添加”创建一个。</translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n server(s))</source>
        <translation>
            <numerusform>%1（%n 台服务器）</numerusform>
        </translation>
    </message>
    <message>
        <source>unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Not in use by the running engine</source>
        <translation>运行中的引擎未使用</translation>
    </message>
    <message>
        <source>%1 of %2 servers up</source>
        <translation>%2 台服务器中 %1 台正常</translation>
    </message>
    <message>
        <source>Edit upstream group %1</source>
        <translation>编辑上游组 %1</translation>
    </message>
    <message>
        <source>Add upstream group %1</source>
        <translation>添加上游组 %1</translation>
    </message>
    <message>
        <source>Duplicate upstream group %1</source>
        <translation>复制上游组 %1</translation>
    </message>
    <message>
        <source>Remove upstream group %1</source>
        <translation>删除上游组 %1</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Portier, a desktop TCP/UDP load balancer.</source>
        <translation>Portier，桌面 TCP/UDP 负载均衡器。</translation>
    </message>
    <message>
        <source>Also start two demo backends on 127.0.0.1:7773 and :7774.</source>
        <translation>同时在 127.0.0.1:7773 和 :7774 上启动两个演示后端。</translation>
    </message>
    <message>
        <source>Start in the tray, without the window.</source>
        <translation>启动到托盘，不显示窗口。</translation>
    </message>
    <message>
        <source>Open this configuration file (JSON) and start the engine; a Portier already running opens it instead.</source>
        <translation>打开此配置文件（JSON）并启动引擎；若 Portier 已在运行，则由正在运行的实例打开。</translation>
    </message>
</context>
</TS>