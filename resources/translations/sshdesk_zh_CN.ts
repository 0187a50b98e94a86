<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name></name>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>the jump host could not reach this host: {reason}</source>
        <translation>跳板机无法连接到此主机：{reason}</translation>
    </message>
    <message>
        <source>Check the host name and port as the jump host sees them, and that the jump host allows forwarding (AllowTcpForwarding).</source>
        <translation>请从跳板机的角度检查主机名和端口，并确认跳板机允许端口转发（AllowTcpForwarding）。</translation>
    </message>
    <message>
        <source>opening the forwarded connection through the jump host</source>
        <translation>通过跳板机建立转发连接</translation>
    </message>
    <message>
        <source>authentication</source>
        <translation>认证</translation>
    </message>
    <message>
        <source>authenticate</source>
        <translation>认证</translation>
    </message>
    <message>
        <source>run command</source>
        <translation>执行命令</translation>
    </message>
    <message>
        <source>open shell</source>
        <translation>打开终端</translation>
    </message>
    <message>
        <source>open SFTP</source>
        <translation>打开 SFTP</translation>
    </message>
    <message>
        <source>no SFTP subsystem</source>
        <translation>未启用 SFTP 子系统</translation>
    </message>
    <message>
        <source>{host}: {operation} failed: {message}</source>
        <translation>{host}：{operation}失败：{message}</translation>
    </message>
    <message>
        <source>cancelled by the user</source>
        <translation>用户已取消</translation>
    </message>
    <message>
        <source>the name {name} could not be found</source>
        <translation>无法解析主机名 {name}</translation>
    </message>
    <message>
        <source>Check the spelling of the host name, or use its IP address; check that this computer&apos;s DNS works.</source>
        <translation>请检查主机名拼写，或改用 IP 地址；并确认本机的 DNS 解析正常。</translation>
    </message>
    <message>
        <source>the connection was refused: nothing is listening on that port</source>
        <translation>连接被拒绝：该端口上没有服务在监听</translation>
    </message>
    <message>
        <source>Check the port number and that the SSH server is running on the host.</source>
        <translation>请检查端口号，并确认主机上的 SSH 服务正在运行。</translation>
    </message>
    <message>
        <source>no answer within {seconds:g} seconds ({stage})</source>
        <translation>{seconds:g} 秒内无响应（{stage}）</translation>
    </message>
    <message>
        <source>Check that the host is up and reachable (VPN, firewall), or raise the connection timeout for slow links.</source>
        <translation>请确认主机已开机且网络可达（VPN、防火墙）；网络较慢时可调大连接超时时间。</translation>
    </message>
    <message>
        <source>the connection was lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <source>connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Reconnect. If this keeps happening, check the network or lower the keepalive interval in the session settings.</source>
        <translation>请重新连接。如果频繁断开，请检查网络，或在会话设置中缩短保活（心跳）间隔。</translation>
    </message>
    <message>
        <source>the server answered like a web server (HTTP), not an SSH server</source>
        <translation>服务器返回了 HTTP 响应，这是 Web 服务器而不是 SSH 服务器</translation>
    </message>
    <message>
        <source>the server did not answer as an SSH server; it said: {line}</source>
        <translation>服务器的响应不是 SSH 协议，返回内容为：{line}</translation>
    </message>
    <message>
        <source>the server closed the connection without sending an SSH greeting</source>
        <translation>服务器未发送 SSH 协议标识就关闭了连接</translation>
    </message>
    <message>
        <source>Check the port: SSH usually listens on 22. The port you used belongs to another service, or a firewall or proxy is in between.</source>
        <translation>请检查端口：SSH 通常使用 22 端口。所用端口属于其他服务，或者中间有防火墙或代理。</translation>
    </message>
    <message>
        <source>the server offers only obsolete {what} algorithms: {offered}</source>
        <translation>服务器只提供过时的{what}算法：{offered}</translation>
    </message>
    <message>
        <source>Ask the server&apos;s administrator to update OpenSSH or enable modern algorithms (rsa-sha2-256/512, ssh-ed25519, curve25519). sshdesk does not use SHA-1 signatures or DSA keys.</source>
        <translation>请联系服务器管理员升级 OpenSSH 或启用较新的算法（rsa-sha2-256/512、ssh-ed25519、curve25519）。sshdesk 不使用 SHA-1 签名和 DSA 密钥。</translation>
    </message>
    <message>
        <source>the SSH conversation failed: {detail}</source>
        <translation>SSH 通信出错：{detail}</translation>
    </message>
    <message>
        <source>Try again; if it persists, look at the log for details.</source>
        <translation>请重试；如果问题仍然存在，请查看日志了解详情。</translation>
    </message>
    <message>
        <source>verify host key</source>
        <translation>验证主机密钥</translation>
    </message>
    <message>
        <source>WARNING: the host key has CHANGED. Someone may be intercepting the connection (man-in-the-middle), or the server was reinstalled.
Remembered {key_type} key: {known}
Key offered now: {offered}</source>
        <translation>警告：主机密钥已变更！可能有人正在拦截连接（中间人攻击），也可能是服务器已重装。
已记录的 {key_type} 密钥：{known}
当前提供的密钥：{offered}</translation>
    </message>
    <message>
        <source>Ask the server&apos;s administrator for its real fingerprint. Only if it matches the key offered now, remove the old entry for {host} from {file} and connect again.</source>
        <translation>请向服务器管理员索取真实的指纹。仅当它与当前提供的密钥一致时，才从 {file} 中删除 {host} 的旧记录并重新连接。</translation>
    </message>
    <message>
        <source>the host key {fingerprint} is marked as revoked in {file}</source>
        <translation>主机密钥 {fingerprint} 在 {file} 中被标记为已吊销</translation>
    </message>
    <message>
        <source>Do not connect. Ask the server&apos;s administrator for the host&apos;s new key.</source>
        <translation>请勿连接。请向服务器管理员索取该主机的新密钥。</translation>
    </message>
    <message>
        <source>the host key {fingerprint} is not known and was not accepted</source>
        <translation>主机密钥 {fingerprint} 未知，且未被接受</translation>
    </message>
    <message>
        <source>Compare the fingerprint with the one the server&apos;s administrator gives you, then accept it (on the command line: --accept-new-host-key).</source>
        <translation>请将该指纹与服务器管理员提供的指纹进行比对，一致后再接受（命令行中使用 --accept-new-host-key）。</translation>
    </message>
    <message>
        <source>the server refused the login of {user} (tried: {tried}; the server accepts: {allowed})</source>
        <translation>服务器拒绝了 {user} 的登录（已尝试：{tried}；服务器接受：{allowed}）</translation>
    </message>
    <message>
        <source>Check the user name and password, or which key the server has in ~/.ssh/authorized_keys for this user.</source>
        <translation>请检查用户名和密码，或检查服务器上该用户的 ~/.ssh/authorized_keys 中配置的是哪个密钥。</translation>
    </message>
    <message>
        <source>the passphrase for the key {path} is wrong</source>
        <translation>密钥 {path} 的口令不正确</translation>
    </message>
    <message>
        <source>the key {path} is protected by a passphrase and none was given</source>
        <translation>密钥 {path} 受口令保护，但未提供口令</translation>
    </message>
    <message>
        <source>Enter the key&apos;s passphrase, or load the key into ssh-agent (ssh-add).</source>
        <translation>请输入密钥口令，或用 ssh-add 将密钥加载到 ssh-agent。</translation>
    </message>
    <message>
        <source>the command did not finish within {seconds:g} seconds: {command}</source>
        <translation>命令未在 {seconds:g} 秒内完成：{command}</translation>
    </message>
    <message>
        <source>Raise the timeout, or run long jobs in the background on the server.</source>
        <translation>请调大超时时间，或在服务器上以后台方式运行耗时任务。</translation>
    </message>
    <message>
        <source>the server refused: {detail}</source>
        <translation>服务器拒绝：{detail}</translation>
    </message>
    <message>
        <source>The server may limit sessions (MaxSessions) or disable this feature (e.g. no SFTP subsystem). Ask its administrator.</source>
        <translation>服务器可能限制了会话数（MaxSessions）或禁用了此功能（例如未启用 SFTP 子系统）。请联系服务器管理员。</translation>
    </message>
    <message>
        <source>{path}: {reason}</source>
        <translation>{path}：{reason}</translation>
    </message>
    <message>
        <source>TCP connection</source>
        <translation>TCP 连接</translation>
    </message>
    <message>
        <source>cannot connect: {reason}</source>
        <translation>无法连接：{reason}</translation>
    </message>
    <message>
        <source>Check the network connection, VPN and firewall.</source>
        <translation>请检查网络连接、VPN 和防火墙。</translation>
    </message>
    <message>
        <source>key exchange</source>
        <translation>密钥交换</translation>
    </message>
    <message>
        <source>waiting for the SSH greeting</source>
        <translation>等待 SSH 协议标识</translation>
    </message>
    <message>
        <source>the connection broke during the handshake: {reason}</source>
        <translation>握手过程中连接中断：{reason}</translation>
    </message>
    <message>
        <source>Try again; check the network.</source>
        <translation>请重试，并检查网络。</translation>
    </message>
    <message>
        <source>host key</source>
        <translation>主机密钥</translation>
    </message>
    <message>
        <source>{path} is not a key sshdesk can use</source>
        <translation>{path} 不是 sshdesk 可用的密钥</translation>
    </message>
    <message>
        <source>Use an OpenSSH or PEM private key (ed25519, ECDSA or RSA).</source>
        <translation>请使用 OpenSSH 或 PEM 格式的私钥（ed25519、ECDSA 或 RSA）。</translation>
    </message>
    <message>
        <source>the key file {path} does not exist</source>
        <translation>密钥文件 {path} 不存在</translation>
    </message>
    <message>
        <source>Check the key file&apos;s path in the session settings.</source>
        <translation>请在会话设置中检查密钥文件路径。</translation>
    </message>
    <message>
        <source>the key file {path} cannot be read: {reason}</source>
        <translation>无法读取密钥文件 {path}：{reason}</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions.</source>
        <translation>请检查文件权限。</translation>
    </message>
    <message>
        <source>{path} is a PuTTY key (.ppk), which sshdesk cannot read directly</source>
        <translation>{path} 是 PuTTY 密钥（.ppk），sshdesk 无法直接读取</translation>
    </message>
    <message>
        <source>Convert it to OpenSSH format: &apos;puttygen {path} -O private-openssh -o key_openssh&apos; (or in PuTTYgen: Conversions &gt; Export OpenSSH key), then choose the converted file.</source>
        <translation>请先转换为 OpenSSH 格式：&apos;puttygen {path} -O private-openssh -o key_openssh&apos;（或在 PuTTYgen 中选择 Conversions &gt; Export OpenSSH key），然后选择转换后的文件。</translation>
    </message>
    <message>
        <source>{path} is a public key, not a private key</source>
        <translation>{path} 是公钥，不是私钥</translation>
    </message>
    <message>
        <source>Choose the private key file: usually the same name without &apos;.pub&apos;.</source>
        <translation>请选择私钥文件：通常是去掉 &apos;.pub&apos; 后缀的同名文件。</translation>
    </message>
    <message>
        <source>{path} is a DSA key, an obsolete type no longer supported</source>
        <translation>{path} 是 DSA 密钥，这种过时的类型已不再支持</translation>
    </message>
    <message>
        <source>Create a new key with &apos;ssh-keygen -t ed25519&apos; and install it on the server.</source>
        <translation>请用 &apos;ssh-keygen -t ed25519&apos; 生成新密钥，并将其部署到服务器上。</translation>
    </message>
    <message>
        <source>{path} is not a private key file sshdesk understands</source>
        <translation>{path} 不是 sshdesk 能识别的私钥文件</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; is not of the form [user@]host[:port]</source>
        <translation>“{text}”不符合 [user@]host[:port] 格式</translation>
    </message>
    <message>
        <source>port {port} is not between 1 and 65535</source>
        <translation>端口 {port} 不在 1 到 65535 之间</translation>
    </message>
    <message>
        <source>list folder</source>
        <translation>列出目录</translation>
    </message>
    <message>
        <source>read file information</source>
        <translation>读取文件信息</translation>
    </message>
    <message>
        <source>no such file or folder</source>
        <translation>文件或目录不存在</translation>
    </message>
    <message>
        <source>Check the path.</source>
        <translation>请检查路径。</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>权限不足</translation>
    </message>
    <message>
        <source>Log in as a user allowed to read it, or ask its owner.</source>
        <translation>请以有读取权限的用户登录，或联系其所有者。</translation>
    </message>
    <message>
        <source>the network process stopped</source>
        <translation>网络进程已停止</translation>
    </message>
    <message>
        <source>close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ConnectionHandle</name>
    <message>
        <source>open shell</source>
        <translation>打开终端</translation>
    </message>
    <message>
        <source>connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>not connected</source>
        <translation>未连接</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>{host}: {operation} failed</source>
        <translation>{host}：{operation}失败</translation>
    </message>
    <message>
        <source>{operation} failed</source>
        <translation>{operation}失败</translation>
    </message>
</context>
<context>
    <name>HostKeyChangedDialog</name>
    <message>
        <source>Host key changed</source>
        <translation>主机密钥已变更</translation>
    </message>
    <message>
        <source>WARNING: the host key of {host} has CHANGED!</source>
        <translation>警告：{host} 的主机密钥已变更！</translation>
    </message>
    <message>
        <source>The server sent a different key from the one remembered for it. Someone may be intercepting the connection (a man-in-the-middle attack), or the server was reinstalled or its key replaced. sshdesk did not connect.</source>
        <translation>服务器发送的密钥与之前记录的不同。可能有人正在拦截连接（中间人攻击），也可能是服务器已重装或更换了密钥。sshdesk 未建立连接。</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>密钥类型：</translation>
    </message>
    <message>
        <source>Remembered fingerprint:</source>
        <translation>已记录的指纹：</translation>
    </message>
    <message>
        <source>Fingerprint offered now:</source>
        <translation>当前提供的指纹：</translation>
    </message>
    <message>
        <source>Remembered in:</source>
        <translation>记录位置：</translation>
    </message>
    <message>
        <source>Do not connect until you know why the key changed. Ask the server&apos;s administrator for the real fingerprint; they can print it on the server with &quot;ssh-keygen -lf {file}&quot;. Only if it matches the fingerprint offered now, remove the old entry with this command and connect again:</source>
        <translation>在查明密钥变更的原因之前，请勿连接。请向服务器管理员索取真实的指纹，管理员可在服务器上运行“ssh-keygen -lf {file}”查看。仅当它与当前提供的指纹一致时，才用以下命令删除旧记录并重新连接：</translation>
    </message>
</context>
<context>
    <name>KeyboardInteractiveDialog</name>
    <message>
        <source>Log in to {host}</source>
        <translation>登录 {host}</translation>
    </message>
    <message>
        <source>The server {host} asks:</source>
        <translation>服务器 {host} 要求输入：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Quick connect</source>
        <translation>快速连接</translation>
    </message>
    <message>
        <source>user@host:port — press Enter to connect</source>
        <translation>user@host:port — 按回车键连接</translation>
    </message>
    <message>
        <source>Connect to:</source>
        <translation>连接到：</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New connection…</source>
        <translation>新建连接(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Duplicate tab</source>
        <translation>复制标签页(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Reconnect</source>
        <translation>重新连接(&amp;R)</translation>
    </message>
    <message>
        <source>Rena&amp;me tab…</source>
        <translation>重命名标签页(&amp;M)…</translation>
    </message>
    <message>
        <source>&amp;Close tab</source>
        <translation>关闭标签页(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Character &amp;encoding</source>
        <translation>字符编码(&amp;E)</translation>
    </message>
    <message>
        <source>Colour &amp;scheme</source>
        <translation>配色方案(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Font…</source>
        <translation>字体(&amp;F)…</translation>
    </message>
    <message>
        <source>Scroll&amp;back lines…</source>
        <translation>回滚行数(&amp;B)…</translation>
    </message>
    <message>
        <source>Copy on select</source>
        <translation>选中即复制</translation>
    </message>
    <message>
        <source>Let programs set the clipboard</source>
        <translation>允许程序写入剪贴板</translation>
    </message>
    <message>
        <source>Next tab</source>
        <translation>下一个标签页</translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation>上一个标签页</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About sshdesk</source>
        <translation>关于 sshdesk(&amp;A)</translation>
    </message>
    <message>
        <source>Character encoding of this session</source>
        <translation>当前会话的字符编码</translation>
    </message>
    <message>
        <source>Terminal font</source>
        <translation>终端字体</translation>
    </message>
    <message>
        <source>Scrollback</source>
        <translation>回滚缓冲区</translation>
    </message>
    <message>
        <source>Lines kept above the screen (new tabs):</source>
        <translation>屏幕上方保留的行数（对新标签页生效）：</translation>
    </message>
    <message>
        <source>A program tried to set the clipboard; blocked. Allow it in View &gt; Let programs set the clipboard.</source>
        <translation>有程序试图写入剪贴板，已阻止。可在“视图 &gt; 允许程序写入剪贴板”中开启。</translation>
    </message>
    <message>
        <source>Rename tab</source>
        <translation>重命名标签页</translation>
    </message>
    <message>
        <source>Tab name:</source>
        <translation>标签页名称：</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制标签页</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>{columns}×{rows}</source>
        <translation>{columns}×{rows}</translation>
    </message>
    <message>
        <source>Connecting to {address}…</source>
        <translation>正在连接 {address}…</translation>
    </message>
    <message>
        <source>Connected to {address}</source>
        <translation>已连接到 {address}</translation>
    </message>
    <message>
        <source>Could not connect to {address}</source>
        <translation>无法连接到 {address}</translation>
    </message>
    <message>
        <source>Connection to {address} lost</source>
        <translation>与 {address} 的连接已断开</translation>
    </message>
    <message>
        <source>Disconnected from {address}</source>
        <translation>已断开与 {address} 的连接</translation>
    </message>
    <message>
        <source>About sshdesk</source>
        <translation>关于 sshdesk</translation>
    </message>
    <message>
        <source>sshdesk {version}
A desktop SSH terminal and SFTP file manager.</source>
        <translation>sshdesk {version}
桌面 SSH 终端与 SFTP 文件管理器。</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Key passphrase</source>
        <translation>密钥口令</translation>
    </message>
    <message>
        <source>The passphrase was wrong. Try again.</source>
        <translation>口令不正确，请重试。</translation>
    </message>
    <message>
        <source>The private key {path} is protected by a passphrase. Enter it to log in to {host} with this key.</source>
        <translation>私钥 {path} 受口令保护。请输入口令，以使用此密钥登录 {host}。</translation>
    </message>
    <message>
        <source>P&amp;assphrase:</source>
        <translation>密钥口令(&amp;A)：</translation>
    </message>
</context>
<context>
    <name>PasswordDialog</name>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>Enter the password of {user} on {host}.</source>
        <translation>请输入 {host} 上用户 {user} 的密码。</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>密码(&amp;P)：</translation>
    </message>
</context>
<context>
    <name>SerialWorker</name>
    <message>
        <source>an unexpected internal error occurred ({kind})</source>
        <translation>发生意外的内部错误（{kind}）</translation>
    </message>
    <message>
        <source>This is a bug in sshdesk. The details are in the log file; please include them when you report it.</source>
        <translation>这是 sshdesk 的程序缺陷（bug）。详细信息已写入日志文件，报告问题时请一并附上。</translation>
    </message>
    <message>
        <source>background task</source>
        <translation>后台任务</translation>
    </message>
</context>
<context>
    <name>SessionTab</name>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>Connecting to {address}…</source>
        <translation>正在连接 {address}…</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Not connected: {message}</source>
        <translation>未连接：{message}</translation>
    </message>
    <message>
        <source>Connection lost: {reason}</source>
        <translation>连接已断开：{reason}</translation>
    </message>
    <message>
        <source>The connection to {address} was lost.</source>
        <translation>与 {address} 的连接已断开。</translation>
    </message>
    <message>
        <source>The connection was closed.</source>
        <translation>连接已关闭。</translation>
    </message>
    <message>
        <source>The shell exited with status {status}.</source>
        <translation>Shell 已退出，退出码为 {status}。</translation>
    </message>
    <message>
        <source>Press Enter to reconnect.</source>
        <translation>按回车键重新连接。</translation>
    </message>
</context>
<context>
    <name>TerminalFindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Match case</source>
        <translation>区分大小写</translation>
    </message>
    <message>
        <source>Find older match (Enter)</source>
        <translation>查找更早的匹配（Enter）</translation>
    </message>
    <message>
        <source>Find newer match (Shift+Enter)</source>
        <translation>查找更新的匹配（Shift+Enter）</translation>
    </message>
    <message>
        <source>Close (Escape)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>TerminalWidget</name>
    <message>
        <source>Paste {count} lines into the terminal?</source>
        <translation>要将 {count} 行粘贴到终端吗？</translation>
    </message>
    <message>
        <source>Paste a command that runs at once into the terminal?</source>
        <translation>要粘贴一条会立即执行的命令到终端吗？</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>不再询问</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
</context>
<context>
    <name>UnknownHostKeyDialog</name>
    <message>
        <source>Unknown host key</source>
        <translation>未知的主机密钥</translation>
    </message>
    <message>
        <source>The authenticity of {address} cannot be confirmed.</source>
        <translation>无法确认 {address} 的真实性。</translation>
    </message>
    <message>
        <source>sshdesk has no record of this server&apos;s key, so it cannot tell whether it is talking to the real server or to an impostor.</source>
        <translation>sshdesk 没有该服务器密钥的记录，因此无法判断所连接的是真正的服务器还是冒充者。</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Key type:</source>
        <translation>密钥类型：</translation>
    </message>
    <message>
        <source>Fingerprint:</source>
        <translation>指纹：</translation>
    </message>
    <message>
        <source>To check it, ask the server&apos;s administrator for the fingerprint. They can print it by running this command on the server:</source>
        <translation>如需核实，请向服务器管理员索取指纹。管理员可在服务器上运行以下命令查看：</translation>
    </message>
    <message>
        <source>Accept the key only if both fingerprints are exactly the same. &quot;Accept and remember&quot; saves it, so you are not asked again for this server.</source>
        <translation>仅当两个指纹完全一致时才接受该密钥。选择“接受并记住”会保存该密钥，以后连接此服务器时不再询问。</translation>
    </message>
    <message>
        <source>Accept &amp;once</source>
        <translation>仅本次接受(&amp;O)</translation>
    </message>
    <message>
        <source>Accept and &amp;remember</source>
        <translation>接受并记住(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;fuse</source>
        <translation>拒绝(&amp;F)</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to sshdesk</source>
        <translation>欢迎使用 sshdesk</translation>
    </message>
    <message>
        <source>Type user@host or user@host:port in the field above and press Enter.</source>
        <translation>在上方输入框中输入 user@host 或 user@host:port，然后按回车键。</translation>
    </message>
    <message>
        <source>Ctrl+Shift+N: new connection   Ctrl+Shift+D: duplicate tab   Ctrl+Shift+F: find</source>
        <translation>Ctrl+Shift+N：新建连接   Ctrl+Shift+D：复制标签页   Ctrl+Shift+F：查找</translation>
    </message>
    <message>
        <source>Ctrl+Shift+C / Ctrl+Shift+V: copy and paste in the terminal</source>
        <translation>Ctrl+Shift+C / Ctrl+Shift+V：在终端中复制和粘贴</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>{problem} — {hint}</source>
        <translation>{problem} — {hint}</translation>
    </message>
</context>
</TS>
