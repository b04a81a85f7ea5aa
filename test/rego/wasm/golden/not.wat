;; not
(func $__gpc_init (local i32×1)
  i32.const 1096
  call $rt_reserve
  drop
  i32.const 1040
  i32.const 0
  i32.const 54
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1071
  i32.const 6
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1040
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 0
  i32.const 1077
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1040
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1036
  i32.const 1081
  i32.const 13
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1040
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      local.get 0
      br_table 0 1
    end
    local.get 1
    local.get 2
    call $t.allow
    return
  end
  i32.const 0
)
(func $t.allow (param i32 i32) (result i32) (local i32×2)
  block
    block
      local.get 0
      i32.const 0
      i32.load offset=1032
      call $rt_dot
      local.tee 3
      i32.eqz
      br_if 0
      local.get 3
      i32.eqz
      br_if 0
      local.get 3
      call $rt_is_false
      br_if 0
      br 1
    end
    i32.const 0
    i32.load offset=1036
    local.set 2
  end
  local.get 2
)
